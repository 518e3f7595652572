using Bunit;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class LabelsTabTests : PromptPageTest
{
    private async Task SeedAsync(bool deployTwice = true)
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Registry.DeployAsync("greeting", "production", 1, "first release", null, "alice");
        if (deployTwice)
            await Registry.DeployAsync("greeting", "production", 2, "ship v2", null, "alice");
    }

    [Fact]
    public async Task Roll_back_asks_for_a_reason_then_moves_the_label_back_and_shows_it_in_the_history()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var changes = 0;
        var tab = await RenderTabAsync<LabelsTab>("greeting", () => changes++);

        Assert.Equal("v2", ByTestId(tab, "label-version-production").TextContent);
        var rollback = ByTestId(tab, "rollback-production");
        Assert.Contains("Roll back to v1", rollback.TextContent, StringComparison.Ordinal);
        rollback.Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Moves 'production' from v2 back to v1.", ByTestId(dialogs, "reason-message").TextContent, StringComparison.Ordinal));
        InputByTestId(dialogs, "rollback-reason").Input("Customers report wrong dates");
        ByTestId(dialogs, "confirm-rollback").Click();

        tab.WaitForAssertion(() => Assert.Equal("v1", ByTestId(tab, "label-version-production").TextContent));
        Assert.Contains("production rolled back to version 1.", ByTestId(tab, "labels-status").TextContent, StringComparison.Ordinal);
        var history = ByTestId(tab, "label-history-production");
        Assert.Contains("rollback: v2 → v1", history.TextContent, StringComparison.Ordinal);
        Assert.Contains("Customers report wrong dates", history.TextContent, StringComparison.Ordinal);
        Assert.NotNull(history.QuerySelector("tr.pc-rollback-row"));
        Assert.Equal(1, changes);
        Assert.Equal(1, (await Registry.PromptAsync("greeting")).FindLabel("production")!.VersionNumber);
    }

    [Fact]
    public async Task Cancelling_the_rollback_dialog_changes_nothing()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var changes = 0;
        var tab = await RenderTabAsync<LabelsTab>("greeting", () => changes++);

        ByTestId(tab, "rollback-production").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog]")));
        Assert.Equal("v2", ByTestId(tab, "label-version-production").TextContent);
        Assert.Empty(tab.FindAll("[data-testid=labels-status]"));
        Assert.Equal(0, changes);
        Assert.Equal(2, (await Registry.PromptAsync("greeting")).FindLabel("production")!.VersionNumber);
    }

    [Fact]
    public async Task Deploy_creates_a_new_label_after_the_reason_dialog()
    {
        await SeedAsync(deployTwice: false);
        var dialogs = RenderDialogs();
        var tab = await RenderTabAsync<LabelsTab>("greeting");

        ByTestId(tab, "deploy-label-pick-staging").Click();
        Assert.Equal("staging", InputByTestId(tab, "deploy-label").GetAttribute("value"));
        ByTestId(tab, "deploy-button").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Creates the label 'staging' pointing at version 2.", ByTestId(dialogs, "reason-message").TextContent, StringComparison.Ordinal));
        InputByTestId(dialogs, "deploy-reason").Input("try v2 on staging");
        ByTestId(dialogs, "confirm-deploy").Click();

        tab.WaitForAssertion(() => Assert.Equal("v2", ByTestId(tab, "label-version-staging").TextContent));
        Assert.Contains("staging now serves version 2.", ByTestId(tab, "labels-status").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, (await Registry.PromptAsync("greeting")).FindLabel("staging")!.VersionNumber);
    }

    [Fact]
    public async Task A_label_with_nothing_to_undo_has_its_rollback_button_disabled()
    {
        await SeedAsync(deployTwice: false);
        var tab = await RenderTabAsync<LabelsTab>("greeting");

        var rollback = ByTestId(tab, "rollback-production");
        Assert.True(rollback.HasAttribute("disabled"));
        Assert.Contains("Nothing to roll back to", rollback.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_rollback_shows_the_registry_message_and_keeps_the_label()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var tab = await RenderTabAsync<LabelsTab>("greeting");
        // Someone else changes the prompt after the page loaded it: the rollback's revision is stale.
        await Registry.DeployAsync("greeting", "staging", 1, null, null, "carol");

        ByTestId(tab, "rollback-production").Click();
        dialogs.WaitForElement("[data-testid=confirm-rollback]").Click();

        tab.WaitForAssertion(() => Assert.Contains("was changed by someone else", ByTestId(tab, "labels-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("v2", ByTestId(tab, "label-version-production").TextContent);
    }

    [Fact]
    public async Task Without_labels_or_versions_it_says_so()
    {
        await Registry.CreateAsync(new CreatePromptCommand("empty", "Empty", null, [], null), "alice");
        var tab = await RenderTabAsync<LabelsTab>("empty");

        Assert.Contains("There is no deployable version yet.", ByTestId(tab, "deploy-none").TextContent, StringComparison.Ordinal);
        Assert.Contains("No labels yet.", ByTestId(tab, "labels-empty").TextContent, StringComparison.Ordinal);
    }
}
