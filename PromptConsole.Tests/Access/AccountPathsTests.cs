using PromptConsole.Web.Infrastructure.Access;

namespace PromptConsole.Tests.Access;

public sealed class AccountPathsTests
{
    [Theory]
    [InlineData("/prompts/support-reply?tab=labels", "/prompts/support-reply?tab=labels")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("prompts", "/")]
    public void Only_local_paths_are_followed_after_sign_in(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountPaths.SafeReturnUrl(returnUrl));
}
