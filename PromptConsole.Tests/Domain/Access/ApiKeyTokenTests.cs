using System.Security.Cryptography;
using System.Text;
using PromptConsole.Domain.Access;

namespace PromptConsole.Tests.Domain.Access;

public sealed class ApiKeyTokenTests
{
    [Fact]
    public void A_generated_key_parses_back_to_its_prefix_and_secret()
    {
        var token = ApiKeyToken.Generate();
        Assert.Matches("^pck_[a-z2-9]{10}_[a-z2-9]{32}$", token.Value);
        Assert.Equal(token, ApiKeyToken.TryParse(token.Value));
    }

    [Fact]
    public void Two_keys_differ()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeyToken.Generate().Value).ToHashSet();
        Assert.Equal(100, keys.Count);
    }

    [Fact]
    public void The_stored_hash_is_the_sha256_of_the_secret_part_and_never_the_secret()
    {
        var token = ApiKeyToken.Generate();
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Secret)));
        Assert.Equal(expected, token.SecretHash());
        Assert.DoesNotContain(token.Secret, token.SecretHash(), StringComparison.Ordinal);
        Assert.True(token.Matches(expected));
        Assert.False(token.Matches(ApiKeyToken.HashSecret(token.Secret + "x")));
    }

    [Fact]
    public void The_display_form_shows_only_the_prefix()
    {
        var token = ApiKeyToken.Generate();
        Assert.Equal($"pck_{token.Prefix}…", token.Display);
        Assert.DoesNotContain(token.Secret, token.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-proj-abc")]
    [InlineData("pck_abcdefghjk_abcdefghjkmnpqrstuvwxyz2345678")]
    [InlineData("pck_abcdefghjk_abcdefghjkmnpqrstuvwxyz234567890")]
    [InlineData("pck_abcdefghjkXabcdefghjkmnpqrstuvwxyz23456789")]
    [InlineData("pck_ABCDEFGHJK_abcdefghjkmnpqrstuvwxyz23456789")]
    [InlineData("pck_abcdefghjk_abcdefghjkmnpqrstuvwxyz2345678l")]
    [InlineData("xyz_abcdefghjk_abcdefghjkmnpqrstuvwxyz23456789")]
    public void Anything_not_shaped_like_a_key_is_not_parsed(string? value) => Assert.Null(ApiKeyToken.TryParse(value));
}
