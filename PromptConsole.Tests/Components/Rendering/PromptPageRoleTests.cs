using Bunit;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Components.Pages.Prompts;
using static PromptConsole.Tests.Components.Rendering.RoleControls;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>The prompt pages as each role sees them: a Viewer gets no control that changes anything or calls a provider.</summary>
public class PromptPageRoleTests : PromptPageTest
{
    private async Task SeedAsync()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 3);
        await Registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        await Registry.DeployAsync("greeting", "production", 2, null, null, "alice");
        await Registry.DeployAsync("greeting", "staging", 1, null, null, "alice");
        await Registry.DeployAsync("greeting", "staging", 3, null, null, "alice");
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public async Task Prompt_list_offers_new_prompt_only_to_operators(ConsoleRole role, bool allowed)
    {
        await SeedAsync();
        User.Role = role;
        var list = Render<PromptList>();

        list.WaitForAssertion(() => Assert.NotNull(list.Find("[data-testid=prompt-link-greeting]")));
        AssertShown(list, allowed, "new-prompt");
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public async Task Versions_tab_offers_deprecate_only_to_operators(ConsoleRole role, bool allowed)
    {
        await SeedAsync();
        User.Role = role;
        var tab = await RenderTabAsync<VersionsTab>("greeting");

        ByTestId(tab, "version-1").Click();

        Assert.NotNull(ByTestId(tab, "version-detail"));
        AssertShown(tab, allowed, "deprecate-1");
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public async Task Editor_offers_save_and_the_draft_golden_run_only_to_operators(ConsoleRole role, bool allowed)
    {
        await SeedAsync();
        User.Role = role;
        var tab = await RenderTabAsync<EditorTab>("greeting");

        AssertShown(tab, allowed, "save-version", "run-golden-draft");
        AssertShown(tab, !allowed, "save-not-allowed");
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public async Task Golden_set_tab_offers_cases_runs_and_the_policy_only_to_operators(ConsoleRole role, bool allowed)
    {
        await SeedAsync();
        User.Role = role;
        var tab = await RenderTabAsync<GoldenSetTab>("greeting");

        tab.WaitForAssertion(() => Assert.NotNull(ByTestId(tab, "golden-empty")));
        AssertShown(tab, allowed, "golden-run", "golden-new-case", "require-golden-pass");
        AssertShown(tab, !allowed, "golden-not-allowed", "require-golden-pass-readonly");
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public async Task Try_it_runs_only_for_operators_because_a_run_costs_provider_money(ConsoleRole role, bool allowed)
    {
        await SeedAsync();
        User.Role = role;
        var tab = await RenderTabAsync<TryItTab>("greeting");

        AssertShown(tab, allowed, "run-prompt");
        AssertShown(tab, !allowed, "run-not-allowed");
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false, false)]
    [InlineData(ConsoleRole.Operator, true, false)]
    [InlineData(ConsoleRole.Admin, true, true)]
    public async Task Labels_tab_offers_deploys_to_operators_and_protected_rollbacks_to_admins(ConsoleRole role, bool operate, bool administer)
    {
        await SeedAsync();
        User.Role = role;
        var tab = await RenderTabAsync<LabelsTab>("greeting");

        AssertShown(tab, operate, "deploy-button", "start-canary-button", "rollback-staging");
        AssertShown(tab, !operate, "deploy-not-allowed");
        AssertShown(tab, administer, "rollback-production");
        Assert.Equal("v2", ByTestId(tab, "label-version-production").TextContent);
    }
}
