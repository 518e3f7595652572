using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model.Flags;

namespace PromptConsole.Tests.Components;

public class FlagListViewModelTests
{
    [Fact]
    public async Task Load_shows_each_flag_with_its_kind_variants_and_rollout()
    {
        var (_, flags) = await FlagFixtures.SeedAsync();
        var list = new FlagListViewModel(flags, new FixedUser("oncall"));

        await list.LoadAsync();

        Assert.Equal(["greeting-safe", "new-checkout"], list.Rows.Select(r => r.Key));
        var checkout = list.Find("new-checkout")!;
        Assert.Equal("standard", checkout.Kind);
        Assert.Equal("off = false, on = true", checkout.Variants);
        Assert.Equal("on 0–25 %, rest → off (1 targeting condition)", checkout.Rollout);
        var killSwitch = list.Find("greeting-safe")!;
        Assert.True(killSwitch.IsKillSwitch);
        Assert.Equal("prompt kill switch: greeting → safe v1", killSwitch.Kind);
        Assert.Equal("when on: all traffic of greeting → v1", killSwitch.Rollout);
    }

    [Fact]
    public async Task A_standard_flag_flips_at_the_revision_the_list_shows_without_a_reason()
    {
        var (_, flags) = await FlagFixtures.SeedAsync();
        var list = new FlagListViewModel(flags, new FixedUser("oncall"));
        await list.LoadAsync();
        var row = list.Find("new-checkout")!;

        Assert.Null(FlagListViewModel.ConfirmationFor(row, enabled: true));
        Assert.True(await list.SetEnabledAsync("new-checkout", true, reason: null));

        Assert.Equal(("new-checkout", true, (string?)null, (int?)1, "oncall"), flags.Switches.Single());
        Assert.True(list.Find("new-checkout")!.Enabled);
        Assert.Equal(2, list.Find("new-checkout")!.Revision);
        Assert.Equal("new-checkout is now on.", list.Status);
        Assert.True(flags.Find("new-checkout")!.Flag.Enabled);
    }

    [Fact]
    public async Task A_kill_switch_asks_first_naming_its_prompt_and_safe_version_and_passes_the_reason()
    {
        var (_, flags) = await FlagFixtures.SeedAsync();
        var list = new FlagListViewModel(flags, new FixedUser("oncall"));
        await list.LoadAsync();

        var engage = FlagListViewModel.ConfirmationFor(list.Find("greeting-safe")!, enabled: true)!;
        Assert.Equal("Engage kill switch greeting-safe", engage.Title);
        Assert.Contains("all traffic of prompt 'greeting' to its safe version v1", engage.Message, StringComparison.Ordinal);

        Assert.True(await list.SetEnabledAsync("greeting-safe", true, "  v2 answers in French  "));

        Assert.Equal("v2 answers in French", flags.Switches.Single().Reason);
        Assert.Equal("greeting-safe engaged: all traffic of greeting goes to v1.", list.Status);
        var release = FlagListViewModel.ConfirmationFor(list.Find("greeting-safe")!, enabled: false)!;
        Assert.Contains("stops being held on v1", release.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_list_gets_the_registry_conflict_and_keeps_its_rows()
    {
        var (_, flags) = await FlagFixtures.SeedAsync();
        var list = new FlagListViewModel(flags, new FixedUser("oncall"));
        await list.LoadAsync();
        await flags.SetEnabledAsync("new-checkout", true, null, null, "carol");

        Assert.False(await list.SetEnabledAsync("new-checkout", false, null));

        Assert.Equal("revision-conflict", list.Error!.Code);
        Assert.False(list.Find("new-checkout")!.Enabled);
        Assert.Null(list.Status);
        Assert.Null(list.Switching);
    }
}
