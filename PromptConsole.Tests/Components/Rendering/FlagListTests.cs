using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using PromptConsole.Web.Components.Pages.Flags;

namespace PromptConsole.Tests.Components.Rendering;

public class FlagListTests : FlagPageTest
{
    [Fact]
    public async Task Lists_each_flag_with_its_link_kind_variants_and_rollout()
    {
        await SeedAsync();
        var list = Render<FlagList>();

        list.WaitForAssertion(() => Assert.NotNull(list.Find("[data-testid=flag-link-new-checkout]")));
        Assert.Equal("flags/new-checkout", ByTestId(list, "flag-link-new-checkout").GetAttribute("href"));
        Assert.Contains("prompt kill switch: greeting → safe v1", ByTestId(list, "flag-kind-greeting-safe").TextContent, StringComparison.Ordinal);
        Assert.Equal("off = false, on = true", ByTestId(list, "flag-variants-new-checkout").TextContent);
        Assert.Equal("on 0–25 %, rest → off (1 targeting condition)", ByTestId(list, "flag-rollout-new-checkout").TextContent);
        Assert.Contains("Checkout v2", ByTestId(list, "flag-table").TextContent, StringComparison.Ordinal);
        Assert.Equal("flags/new", ByTestId(list, "new-flag").GetAttribute("href"));
    }

    [Fact]
    public void Without_flags_it_invites_to_create_one()
    {
        var list = Render<FlagList>();

        list.WaitForAssertion(() => Assert.Contains("No flags yet", ByTestId(list, "flag-table-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_standard_flag_switches_at_once_without_a_dialog()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var list = Render<FlagList>();
        list.WaitForElement("[data-testid=flag-switch-new-checkout]");

        InputByTestId(list, "flag-switch-new-checkout").Change(true);

        list.WaitForAssertion(() => Assert.Equal("true", ByTestId(list, "flag-switch-new-checkout").GetAttribute("data-enabled")));
        Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog]"));
        Assert.Equal(("new-checkout", true, (string?)null), (Flags.Switches.Single().Key, Flags.Switches.Single().Enabled, Flags.Switches.Single().Reason));
        Assert.Contains("new-checkout is now on.", ByTestId(list, "flags-status").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kill_switch_asks_for_a_reason_naming_the_prompt_and_version_then_engages()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var list = Render<FlagList>();
        list.WaitForElement("[data-testid=flag-switch-greeting-safe]");

        InputByTestId(list, "flag-switch-greeting-safe").Change(true);

        dialogs.WaitForAssertion(() => Assert.Contains("all traffic of prompt 'greeting' to its safe version v1", ByTestId(dialogs, "reason-message").TextContent, StringComparison.Ordinal));
        Assert.Empty(Flags.Switches);
        InputByTestId(dialogs, "switch-reason").Input("v2 answers in French");
        ByTestId(dialogs, "confirm-switch").Click();

        list.WaitForAssertion(() => Assert.Equal("true", ByTestId(list, "flag-switch-greeting-safe").GetAttribute("data-enabled")));
        Assert.Equal("v2 answers in French", Flags.Switches.Single().Reason);
        Assert.True(Flags.Find("greeting-safe")!.Flag.Enabled);
    }

    [Fact]
    public async Task Cancelling_the_kill_switch_dialog_changes_nothing()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var list = Render<FlagList>();
        list.WaitForElement("[data-testid=flag-switch-greeting-safe]");

        InputByTestId(list, "flag-switch-greeting-safe").Change(true);
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog]")));
        Assert.Empty(Flags.Switches);
        Assert.False(Flags.Find("greeting-safe")!.Flag.Enabled);
        Assert.Equal("false", ByTestId(list, "flag-switch-greeting-safe").GetAttribute("data-enabled"));
        Assert.False(InputByTestId(list, "flag-switch-greeting-safe").HasAttribute("checked"));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public async Task New_flag_and_the_enable_switches_are_offered_only_to_operators(ConsoleRole role, bool allowed)
    {
        await SeedAsync();
        User.Role = role;
        var list = Render<FlagList>();

        list.WaitForAssertion(() => Assert.NotNull(list.Find("[data-testid=flag-link-new-checkout]")));
        AssertShown(list, allowed, "new-flag", "flag-switch-new-checkout");
        AssertShown(list, !allowed, "flag-state-new-checkout");
    }
}
