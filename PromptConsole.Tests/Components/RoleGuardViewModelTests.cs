using Microsoft.Extensions.Logging.Abstractions;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Components.Reliability;
using PromptConsole.Tests.Components.Rollouts;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Model.Experiments;
using PromptConsole.Web.Model.Flags;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Model.Slos;

namespace PromptConsole.Tests.Components;

/// <summary>
/// The second line of defence: a page hides what a role may not use, and the view model behind it refuses
/// all the same (Forbidden), without calling the service.
/// </summary>
public sealed class RoleGuardViewModelTests
{
    private static readonly FixedUser Viewer = new("vera", ConsoleRole.Viewer);
    private static readonly FixedUser Operator = new("otto", ConsoleRole.Operator);

    private static void AssertForbidden(ErrorView? error)
    {
        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Forbidden, error.Kind);
        Assert.Equal("forbidden", error.Code);
    }

    [Fact]
    public async Task A_viewer_creates_no_prompt()
    {
        var registry = new InMemoryPromptRegistry();
        var model = new NewPromptViewModel(registry, new FakeModelCatalog(), Viewer) { Key = "greeting", Template = "Hello" };

        Assert.False(model.CanCreate);
        Assert.Null(await model.CreateAsync());

        AssertForbidden(model.Error);
        Assert.Empty(await registry.ListAsync(null));
    }

    [Fact]
    public async Task A_viewer_deprecates_no_version_and_saves_no_version()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var prompt = await registry.PromptAsync("greeting");
        var versions = new VersionsViewModel(registry, Viewer);
        versions.Load(prompt);
        var editor = new EditorViewModel(registry, new FakeTemplateRenderer(), new FakeModelCatalog(), Viewer);
        editor.Load(prompt);

        Assert.False(await versions.DeprecateAsync(1, "old"));
        Assert.False(await editor.SaveAsync());

        AssertForbidden(versions.Error);
        AssertForbidden(editor.SaveError);
        var after = await registry.PromptAsync("greeting");
        Assert.Equal(2, after.Versions.Count);
        Assert.False(after.FindVersion(1)!.IsDeprecated);
    }

    [Fact]
    public async Task A_viewer_runs_nothing_on_a_provider()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var prompt = await registry.PromptAsync("greeting");
        var executor = new FakePromptExecutor();
        var tryIt = new TryItViewModel(executor, Viewer);
        tryIt.Load(prompt);
        var golden = new FakeGoldenSetService();
        var draftRun = new DraftGoldenRunViewModel(golden, Viewer);
        var goldenSet = new GoldenSetViewModel(golden, Viewer);
        await goldenSet.LoadAsync(prompt);
        goldenSet.RunVersion = 1;

        await tryIt.RunAsync();
        await draftRun.RunAsync("greeting", PromptFixtures.Draft("Hi {{name}}"));
        await goldenSet.RunAsync();

        AssertForbidden(tryIt.Error);
        AssertForbidden(draftRun.Error);
        AssertForbidden(goldenSet.Error);
        Assert.Empty(executor.Commands);
        Assert.Empty(golden.DraftsRun);
        Assert.Empty((await golden.ListRunsAsync("greeting")).Value);
    }

    [Fact]
    public async Task A_viewer_changes_no_golden_case_or_policy()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var golden = new FakeGoldenSetService();
        var goldenSet = new GoldenSetViewModel(golden, Viewer);
        await goldenSet.LoadAsync(await registry.PromptAsync("greeting"));

        await goldenSet.SetRequireGoldenPassAsync(true);
        AssertForbidden(goldenSet.Error);
        goldenSet.NewCase();
        Assert.False(await goldenSet.SaveCaseAsync());

        AssertForbidden(goldenSet.CaseError);
        Assert.False((await golden.GetRequireGoldenPassAsync("greeting")).Value);
        Assert.Empty((await golden.ListCasesAsync("greeting")).Value);
    }

    [Fact]
    public async Task A_viewer_neither_launches_nor_changes_an_experiment()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        var backend = new FakeExperimentBackend();
        var wizard = new ExperimentWizardViewModel(registry, new FakePlanningData(), backend, Viewer, new Persistence.ManualClock(DateTimeOffset.UnixEpoch));
        var service = new FakeExperimentService();
        service.Add(ExperimentFixtures.Details(ExperimentStatus.Running), ExperimentFixtures.Results());
        await using var page = new ExperimentPageViewModel(service, Viewer, new ManualTimeProvider(), NullLogger<ExperimentPageViewModel>.Instance);
        await page.LoadAsync("greeting-tone");

        Assert.Null(await wizard.LaunchAsync(startNow: true));
        Assert.False(page.CanPause);
        Assert.False(await page.PauseAsync());
        Assert.False(await page.ShipAsync("treatment", "better"));

        AssertForbidden(wizard.LaunchError);
        AssertForbidden(page.ActionError);
        Assert.Empty(backend.Calls);
        Assert.Empty(service.Calls);
    }

    [Fact]
    public async Task A_viewer_neither_starts_nor_changes_a_canary()
    {
        var service = new FakeCanaryService();
        service.Add(CanaryFixtures.Running(), CanaryFixtures.Series());
        await using var page = new CanaryPageViewModel(service, new FakeAutomaticRollbacks(), Viewer, new ManualTimeProvider(), NullLogger<CanaryPageViewModel>.Instance);
        await page.LoadAsync(CanaryFixtures.Key);
        var start = new StartCanaryViewModel(service, Viewer) { CandidateVersion = 2 };

        Assert.False(page.CanAbort);
        Assert.False(await page.AbortAsync("bad"));
        Assert.Null(await start.StartAsync());

        AssertForbidden(page.ActionError);
        AssertForbidden(start.Error);
        Assert.Empty(service.Calls);
        Assert.Empty(service.Starts);
    }

    [Fact]
    public async Task A_viewer_changes_no_flag()
    {
        var (prompts, flags) = await FlagFixtures.SeedAsync();
        var list = new FlagListViewModel(flags, Viewer);
        await list.LoadAsync();
        var editor = new FlagEditorViewModel(flags, new FakeFlagEvaluationService(flags), prompts, Viewer);
        await editor.LoadAsync("new-checkout");

        Assert.False(await list.SetEnabledAsync("new-checkout", true, null));
        AssertForbidden(list.Error);
        Assert.Null(await editor.SaveAsync());
        AssertForbidden(editor.Error);
        Assert.False(await editor.DeleteAsync());

        Assert.Empty(flags.Switches);
        Assert.Empty(flags.Updated);
        Assert.Empty(flags.Deleted);
    }

    [Fact]
    public async Task A_viewer_changes_no_slo_and_acknowledges_no_alert()
    {
        var slos = new FakeSloService();
        var alerts = new FakeAlertService();
        var slo = ReliabilityFixtures.Slo();
        var alert = ReliabilityFixtures.Alert(sloId: slo.Id);
        slos.Add(slo, ReliabilityFixtures.Status(slo, alerts: [alert]));
        alerts.AddAlert(alert);
        var time = new ManualTimeProvider();
        await using var list = new SloListViewModel(slos, Viewer, time, NullLogger<SloListViewModel>.Instance);
        var form = new SloFormViewModel(slos, Viewer);
        form.Load(null);
        await using var page = new SloPageViewModel(slos, alerts, Viewer, time, NullLogger<SloPageViewModel>.Instance);

        Assert.False(await list.DeleteAsync(slo.Id));
        AssertForbidden(list.ActionError);
        Assert.Null(await form.SaveAsync());
        AssertForbidden(form.Error);
        Assert.False(await page.AcknowledgeAsync(alert.Id, "on it"));
        AssertForbidden(page.ActionError);

        Assert.Empty(slos.Calls);
        Assert.Empty(alerts.Calls);
    }

    [Fact]
    public async Task A_viewer_changes_no_alert_rule_and_acknowledges_nothing()
    {
        var alerts = new FakeAlertService();
        var channels = new FakeNotificationChannels();
        var slos = new FakeSloService();
        var alert = ReliabilityFixtures.Alert();
        var rule = ReliabilityFixtures.Rule();
        alerts.AddAlert(alert);
        alerts.AddRule(rule);
        await using var model = new AlertsViewModel(alerts, channels, slos, Viewer, new ManualTimeProvider(), NullLogger<AlertsViewModel>.Instance);
        var form = new AlertRuleFormViewModel(alerts, channels, slos, Viewer);

        Assert.False(await model.AcknowledgeAsync(alert.Id, null));
        AssertForbidden(model.ActionError);
        Assert.False(await model.DeleteRuleAsync(rule.Id));
        AssertForbidden(model.ActionError);
        Assert.Null(await form.SaveAsync());
        AssertForbidden(form.Error);

        Assert.Empty(alerts.Calls);
        Assert.Empty(alerts.RuleCommands);
    }

    [Fact]
    public async Task An_operator_changes_no_channel_only_an_admin_does()
    {
        var channels = new FakeNotificationChannels();
        var channel = ReliabilityFixtures.Channel();
        channels.Add(channel);
        var model = new ChannelsViewModel(channels, Operator);
        var form = new ChannelFormViewModel(channels, Operator);
        form.Load(null);

        Assert.False(model.CanChange);
        Assert.False(await model.DeleteAsync(channel.Id));
        AssertForbidden(model.ActionError);
        await model.SendTestAsync(channel.Id);
        Assert.Null(await form.SaveAsync());
        AssertForbidden(form.Error);

        Assert.Empty(channels.Calls);
    }
}
