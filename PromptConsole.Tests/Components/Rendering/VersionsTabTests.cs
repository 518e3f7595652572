using Bunit;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class VersionsTabTests : PromptPageTest
{
    [Fact]
    public async Task Lists_the_versions_and_shows_the_one_picked()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        var tab = await RenderTabAsync<VersionsTab>("greeting");

        Assert.NotNull(tab.Find("[data-testid=version-1]"));
        Assert.NotNull(tab.Find("[data-testid=version-2]"));
        Assert.Contains("production", ByTestId(tab, "versions-table").TextContent, StringComparison.Ordinal);

        ByTestId(tab, "version-1").Click();

        var detail = ByTestId(tab, "version-detail");
        Assert.Equal("1", detail.GetAttribute("data-version"));
        Assert.Equal("Hello {{name}}!", ByTestId(tab, "version-template").TextContent);
        // A version a label serves cannot be deprecated.
        Assert.True(ByTestId(tab, "deprecate-1").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Deprecate_confirmed_with_a_reason_marks_the_version()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var dialogs = RenderDialogs();
        var changes = 0;
        var tab = await RenderTabAsync<VersionsTab>("greeting", () => changes++);

        ByTestId(tab, "version-1").Click();
        ByTestId(tab, "deprecate-1").Click();
        InputByTestId(dialogs, "deprecate-reason").Input("superseded");
        dialogs.WaitForElement("[data-testid=confirm-deprecate]").Click();

        tab.WaitForAssertion(() => Assert.Equal(1, changes));
        Assert.True((await Registry.PromptAsync("greeting")).FindVersion(1)!.IsDeprecated);
        tab = await RenderTabAsync<VersionsTab>("greeting");
        Assert.NotNull(tab.Find("[data-testid=deprecated-1]"));
    }

    [Fact]
    public async Task Cancelled_deprecation_changes_nothing()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var dialogs = RenderDialogs();
        var changes = 0;
        var tab = await RenderTabAsync<VersionsTab>("greeting", () => changes++);

        ByTestId(tab, "version-1").Click();
        ByTestId(tab, "deprecate-1").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        Assert.Equal(0, changes);
        Assert.False((await Registry.PromptAsync("greeting")).FindVersion(1)!.IsDeprecated);
    }

    [Fact]
    public async Task A_prompt_without_versions_says_where_to_write_one()
    {
        await Registry.CreateAsync(new CreatePromptCommand("empty", "Empty", null, [], null), "alice");
        var tab = await RenderTabAsync<VersionsTab>("empty");

        Assert.Contains("No versions yet: write the first one in the Editor tab.", ByTestId(tab, "versions-empty").TextContent, StringComparison.Ordinal);
        Assert.Empty(tab.FindAll("[data-testid=version-detail]"));
    }
}
