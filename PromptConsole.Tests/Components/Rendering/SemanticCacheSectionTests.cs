using Bunit;
using MudBlazor;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>The Cache tab's semantic section: mode, threshold, per-variable policy table, save for Operators only.</summary>
public sealed class SemanticCacheSectionTests : PromptPageTest
{
    private static bool Has(IRenderedComponent<CacheTab> component, string testId) =>
        component.FindAll($"[data-testid='{testId}']").Count > 0;

    private async Task<IRenderedComponent<CacheTab>> RenderAsync(Action? changed = null)
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        SemanticCache.Declarations = [new("name", VariableType.String), new("message", VariableType.Text)];
        var tab = await RenderTabAsync<CacheTab>("greeting", changed ?? (() => { }));
        tab.WaitForAssertion(() => Assert.NotNull(tab.Find("[data-testid=semantic-cache]")));
        return tab;
    }

    [Fact]
    public async Task Shows_each_variables_default_policy_and_switches_the_cache_to_shadow()
    {
        var changed = 0;
        var tab = await RenderAsync(() => changed++);

        tab.WaitForAssertion(() => Assert.NotNull(tab.Find("[data-testid=semantic-variable-message]")));
        Assert.Equal("default: semantic", ByTestId(tab, "semantic-default-message").TextContent.Trim());
        Assert.Equal("default: exact", ByTestId(tab, "semantic-default-name").TextContent.Trim());
        Assert.True(Has(tab, "semantic-threshold-message"));
        Assert.False(Has(tab, "semantic-threshold-name"));

        var mode = tab.FindComponents<MudSelect<string>>().First(s => s.Instance.Label == "Mode");
        await tab.InvokeAsync(() => mode.Instance.ValueChanged.InvokeAsync("shadow"));
        InputByTestId(tab, "semantic-threshold").Change("0.9");
        tab.Find("[data-testid=semantic-save]").Click();

        tab.WaitForAssertion(() => Assert.Contains("shadow", ByTestId(tab, "semantic-cache-message").TextContent, StringComparison.Ordinal));
        var saved = SemanticCache.Settings["greeting"];
        Assert.Equal(SemanticCacheMode.Shadow, saved.Mode);
        Assert.Equal(0.9, saved.Threshold);
        Assert.Empty(saved.Variables);
        Assert.Equal("oncall", SemanticCache.Changes.Single().Actor);
        Assert.Equal(1, changed);
    }

    [Fact]
    public async Task A_policy_override_is_saved_and_a_bad_one_is_reported()
    {
        var tab = await RenderAsync();
        var mode = tab.FindComponents<MudSelect<string>>().First(s => s.Instance.Label == "Mode");
        await tab.InvokeAsync(() => mode.Instance.ValueChanged.InvokeAsync("serve"));
        var message = tab.FindComponents<MudSelect<string>>().First(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "semantic-policy-message");
        await tab.InvokeAsync(() => message.Instance.ValueChanged.InvokeAsync("exact"));
        tab.Find("[data-testid=semantic-save]").Click();

        // Serving with no semantic variable left is refused, with the field named.
        tab.WaitForAssertion(() => Assert.Contains("No variable of the latest version is matched semantically", tab.Markup, StringComparison.Ordinal));
        Assert.Empty(SemanticCache.Changes);

        var name = tab.FindComponents<MudSelect<string>>().First(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "semantic-policy-name");
        await tab.InvokeAsync(() => name.Instance.ValueChanged.InvokeAsync("semantic"));
        tab.Find("[data-testid=semantic-save]").Click();

        tab.WaitForAssertion(() => Assert.Single(SemanticCache.Changes));
        var saved = SemanticCache.Settings["greeting"];
        Assert.Equal(SemanticCacheMode.Serve, saved.Mode);
        Assert.Equal(CachePolicy.Exact, saved.Variables["message"].Policy);
        Assert.Equal(CachePolicy.Semantic, saved.Variables["name"].Policy);
    }

    [Fact]
    public async Task A_viewer_sees_the_settings_and_figures_but_cannot_save()
    {
        User.Role = ConsoleRole.Viewer;
        SemanticCache.CurrentFigures = new SemanticCacheFigures("greeting", 10, 4, 6, 3, 1, 0, 6, 5, 2_000, 1, 0, 0, 0, 800, 0.01m);

        var tab = await RenderAsync();

        Assert.False(Has(tab, "semantic-save"));
        Assert.True(Has(tab, "semantic-read-only"));
        Assert.Equal("0.4", ByTestId(tab, "semantic-hit-rate").GetAttribute("data-value"));
        Assert.Contains("3 / 1", ByTestId(tab, "semantic-shadow").TextContent, StringComparison.Ordinal);
    }
}
