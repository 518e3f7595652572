using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Tests.Domain;

public sealed class ExactCacheKeyTests
{
    private static readonly ExactCacheKeyInput Base = new("extract-order", 2, "You extract orders.", "Order ORD-1: two mugs", new ModelSettings("sim-fast", 0.2, 300, ["sim-smart"]), "acme");

    public static TheoryData<string, ExactCacheKeyInput> Variations => new()
    {
        { "another prompt", Base with { PromptKey = "extract-invoice" } },
        { "another version", Base with { Version = 3 } },
        { "another user message", Base with { UserText = "Order ORD-2: two mugs" } },
        { "another system message", Base with { SystemText = "You extract invoices." } },
        { "no system message", Base with { SystemText = null } },
        { "empty system message", Base with { SystemText = string.Empty } },
        { "text moved between messages", Base with { SystemText = "You extract orders.Order ORD-1:", UserText = " two mugs" } },
        { "another model", Base with { Model = Base.Model with { Model = "sim-smart" } } },
        { "another temperature", Base with { Model = Base.Model with { Temperature = 0.3 } } },
        { "no temperature", Base with { Model = Base.Model with { Temperature = null } } },
        { "another max tokens", Base with { Model = Base.Model with { MaxTokens = 301 } } },
        { "other fallbacks", Base with { Model = Base.Model with { FallbackModels = ["sim-fast"] } } },
        { "no fallbacks", Base with { Model = Base.Model with { FallbackModels = null } } },
        { "another tenant", Base with { Tenant = "globex" } },
        { "no tenant", Base with { Tenant = null } },
        { "empty tenant", Base with { Tenant = string.Empty } },
    };

    [Theory]
    [MemberData(nameof(Variations))]
    public void Anything_that_changes_the_answer_or_its_owner_changes_the_key(string name, ExactCacheKeyInput variation)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.NotEqual(ExactCacheKey.Compute(Base), ExactCacheKey.Compute(variation));
    }

    [Fact]
    public void The_same_request_gives_the_same_key_as_lower_case_sha256_hex()
    {
        var copy = Base with { Model = new ModelSettings("sim-fast", 0.2, 300, ["sim-smart"]) };
        var key = ExactCacheKey.Compute(Base);
        Assert.Equal(key, ExactCacheKey.Compute(copy));
        Assert.Equal(64, key.Length);
        Assert.Matches("^[0-9a-f]{64}$", key);
    }

    [Fact]
    public void Tags_name_the_prompt_and_the_version()
    {
        Assert.Equal("prompt:extract-order", ExactCacheKey.PromptTag("extract-order"));
        Assert.Equal("prompt:extract-order:v2", ExactCacheKey.VersionTag("extract-order", 2));
    }

    [Theory]
    [InlineData("on with default TTL", true, null, true, 3600, null)]
    [InlineData("off with a TTL", false, 600, true, 600, null)]
    [InlineData("one second", true, 1, true, 1, null)]
    [InlineData("thirty days", true, 2_592_000, true, 2_592_000, null)]
    [InlineData("zero TTL", true, 0, false, 0, "ttlSeconds")]
    [InlineData("over thirty days", true, 2_592_001, false, 0, "ttlSeconds")]
    [InlineData("negative TTL", true, -5, false, 0, "ttlSeconds")]
    [InlineData("enabled missing", null, 60, false, 0, "enabled")]
    public void Settings_are_validated(string name, bool? enabled, int? ttl, bool valid, int expectedTtl, string? field)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var settings = ExactCacheSettings.Create(enabled, ttl);
        Assert.Equal(valid, settings.IsSuccess);
        if (valid)
            Assert.Equal(expectedTtl, settings.Value.TtlSeconds);
        else
            Assert.Contains(settings.Error!.FieldErrors, e => e.Field == field);
    }
}
