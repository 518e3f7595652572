using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using static PromptConsole.Tests.Domain.DomainFixtures;

namespace PromptConsole.Tests.Domain;

public sealed class RouteResolverTests
{
    /// <summary>
    /// The prompt has versions 1..3 (v1 deprecated), production on v2 and canary on v3.
    /// Expected is "Kind routeId vN" or an error code.
    /// </summary>
    [Theory]
    [InlineData("nothing asked serves production", null, null, "Label production v2")]
    [InlineData("empty label serves production", null, "", "Label production v2")]
    [InlineData("asked label is served", null, "canary", "Label canary v3")]
    [InlineData("asked production is served", null, "production", "Label production v2")]
    [InlineData("pinned version is served", 2, null, "Version v2 v2")]
    [InlineData("pinned version wins over a label", 2, "canary", "Version v2 v2")]
    [InlineData("pinned deprecated version is still served", 1, null, "Version v1 v1")]
    [InlineData("pinned missing version is not found", 9, null, "version-not-found")]
    [InlineData("pinned missing version is not found even with a label", 9, "canary", "version-not-found")]
    [InlineData("missing label is not found", null, "staging", "label-not-found")]
    [InlineData("label names are case-sensitive", null, "Canary", "label-not-found")]
    public void Resolves_pinned_version_then_label_then_production(string rule, int? version, string? label, string expected)
    {
        var snapshot = PromptSnapshot.From(ServedPrompt());

        var result = RouteResolver.Resolve(snapshot, new RouteRequest(version, label));

        var found = result.IsSuccess
            ? $"{result.Value.Kind} {result.Value.RouteId} v{result.Value.VersionNumber}"
            : result.Error!.Code;
        Assert.True(expected == found, $"{rule}: expected {expected}, found {found}");
        if (!result.IsSuccess)
            Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
    }

    [Fact]
    public void Missing_label_names_it()
    {
        var result = RouteResolver.Resolve(PromptSnapshot.From(ServedPrompt()), new RouteRequest(Label: "staging"));

        Assert.Equal("Prompt 'summarize' has no label 'staging'.", result.Error!.Message);
    }

    [Fact]
    public void Prompt_without_production_explains_how_to_get_an_answer()
    {
        var prompt = PromptWithVersions(1);

        var result = RouteResolver.Resolve(PromptSnapshot.From(prompt), new RouteRequest());

        Assert.Equal((ErrorKind.NotFound, "label-not-found"), (result.Error!.Kind, result.Error.Code));
        Assert.Contains("has no 'production' label yet", result.Error.Message);
        Assert.Contains("deploy a version, or pass a version or label", result.Error.Message);
    }

    private static Prompt ServedPrompt()
    {
        var prompt = PromptWithVersions(3);
        Assert.True(prompt.DeprecateVersion(1, Actor, null, Now).IsSuccess);
        Assert.True(prompt.Deploy(LabelName.Production, 2, Actor, null, Now).IsSuccess);
        Assert.True(prompt.Deploy("canary", 3, Actor, null, Now).IsSuccess);
        return prompt;
    }
}
