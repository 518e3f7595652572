using Bunit;
using PromptConsole.Web.Components.Pages.Prompts;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>The labels tab's deploy through the golden gate: a refusal is shown with its reason and can be overridden with one.</summary>
public class GoldenGateDeployTests : PromptPageTest
{
    private const string Refusal = "The last golden run of v2 (at 2026-12-02 19:04 UTC) failed 1 of 2 cases.";

    private async Task<(IRenderedComponent<LabelsTab> Tab, IRenderedComponent<MudBlazor.MudDialogProvider> Dialogs)> RefusedDeployAsync(Action? changed = null)
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Registry.DeployAsync("greeting", "production", 1, "first release", null, "alice");
        GoldenGate.Refusal = Refusal;
        var dialogs = RenderDialogs();
        var tab = await RenderTabAsync<LabelsTab>("greeting", changed);

        ByTestId(tab, "deploy-button").Click();
        InputByTestId(dialogs, "deploy-reason").Input("ship v2");
        dialogs.WaitForElement("[data-testid=confirm-deploy]").Click();
        tab.WaitForElement("[data-testid=golden-gate-refusal]");
        return (tab, dialogs);
    }

    [Fact]
    public async Task A_refused_deploy_shows_why_and_leaves_the_label()
    {
        var (tab, _) = await RefusedDeployAsync();

        Assert.Contains($"The golden gate refuses to deploy v2: {Refusal}", ByTestId(tab, "golden-gate-message").TextContent, StringComparison.Ordinal);
        Assert.True(ByTestId(tab, "override-deploy").HasAttribute("disabled"));
        Assert.Empty(tab.FindAll("[data-testid=labels-error]"));
        Assert.Equal("v1", ByTestId(tab, "label-version-production").TextContent);
        Assert.Equal(1, (await Registry.PromptAsync("greeting")).FindLabel("production")!.VersionNumber);
    }

    [Fact]
    public async Task An_override_with_a_reason_deploys_and_hands_the_reason_to_the_gate()
    {
        var changes = 0;
        var (tab, _) = await RefusedDeployAsync(() => changes++);

        InputByTestId(tab, "override-reason").Input("French speakers are not launched yet");
        tab.WaitForAssertion(() => Assert.False(ByTestId(tab, "override-deploy").HasAttribute("disabled")));
        ByTestId(tab, "override-deploy").Click();

        tab.WaitForAssertion(() => Assert.Equal("v2", ByTestId(tab, "label-version-production").TextContent));
        Assert.Empty(tab.FindAll("[data-testid=golden-gate-refusal]"));
        Assert.Contains("production now serves version 2.", ByTestId(tab, "labels-status").TextContent, StringComparison.Ordinal);
        Assert.Equal(("greeting", 2, "deploy", "French speakers are not launched yet", "oncall"), Assert.Single(GoldenGate.Overrides));
        Assert.Equal(1, changes);
        var production = (await Registry.PromptAsync("greeting")).FindLabel("production")!;
        Assert.Equal("ship v2", production.History[^1].Reason);
    }

    [Fact]
    public async Task Cancelling_the_refusal_deploys_nothing()
    {
        var (tab, _) = await RefusedDeployAsync();

        ByTestId(tab, "dismiss-refusal").Click();

        tab.WaitForAssertion(() => Assert.Empty(tab.FindAll("[data-testid=golden-gate-refusal]")));
        Assert.Empty(GoldenGate.Overrides);
        Assert.Equal(1, (await Registry.PromptAsync("greeting")).FindLabel("production")!.VersionNumber);
    }
}
