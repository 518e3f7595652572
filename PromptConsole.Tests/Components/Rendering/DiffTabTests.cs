using Bunit;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class DiffTabTests : PromptPageTest
{
    [Fact]
    public async Task Compares_the_previous_version_with_the_latest_and_any_two_picked()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        await Registry.AddVersionAsync("greeting", new VersionDraft("Hello {{name}}!\nSee you soon.", new ModelSettings("sim-large"), [new VariableDeclaration("name")]), null, "alice");
        await Registry.AddVersionAsync("greeting", Draft("Hi {{name}}!", new VariableDeclaration("name")), null, "alice");
        var tab = await RenderTabAsync<DiffTab>("greeting");

        var template = ByTestId(tab, "diff-template");
        Assert.Equal(["Hello {{name}}!", "See you soon."], template.QuerySelectorAll("tr[data-kind=removed] .pc-diff-text").Select(td => td.TextContent));
        Assert.Equal(["Hi {{name}}!"], template.QuerySelectorAll("tr[data-kind=added] .pc-diff-text").Select(td => td.TextContent));

        // Pick v1 → v2: one line added, and the model changed.
        var selects = tab.FindComponents<MudSelect<int?>>();
        await tab.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(1));
        await tab.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync(2));

        tab.WaitForAssertion(() => Assert.Contains("+1", ByTestId(tab, "diff-template").TextContent, StringComparison.Ordinal));
        Assert.Empty(ByTestId(tab, "diff-template").QuerySelectorAll("tr[data-kind=removed]"));
        Assert.Contains("sim-large", ByTestId(tab, "diff-settings").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_version_on_both_sides_has_no_differences()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var tab = await RenderTabAsync<DiffTab>("greeting");

        var selects = tab.FindComponents<MudSelect<int?>>();
        await tab.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync(2));

        tab.WaitForAssertion(() => Assert.Contains("No differences.", ByTestId(tab, "diff-template").TextContent, StringComparison.Ordinal));
        Assert.NotNull(tab.Find("[data-testid=diff-settings-same]"));
    }

    [Fact]
    public async Task Without_versions_there_is_nothing_to_compare()
    {
        await Registry.CreateAsync(new CreatePromptCommand("empty", "Empty", null, [], null), "alice");
        var tab = await RenderTabAsync<DiffTab>("empty");

        Assert.Contains("No versions to compare yet.", ByTestId(tab, "diff-empty").TextContent, StringComparison.Ordinal);
    }
}
