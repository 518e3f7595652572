using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components;

public sealed class IncidentsViewModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private static IncidentEntry Entry(string kind, string action, IReadOnlyDictionary<string, string>? details = null) =>
        new(T0, kind, action, "system", "summary", null, "label:production", details);

    [Theory]
    [InlineData("deploy", "label.deployed", "Deploy")]
    [InlineData("rollback", "label.rolled-back", "Manual rollback")]
    [InlineData("automatic-rollback", "rollback.automatic", "Automatic rollback")]
    [InlineData("stood-down", "rollback.stood-down", "Automation stood down")]
    [InlineData("recovery", "rollback.recovery-checked", "Recovery check")]
    [InlineData("canary", "canary.step-advanced", "Canary step advanced")]
    [InlineData("canary", "canary.aborted", "Canary aborted")]
    [InlineData("golden-run", "golden.run-completed", "Golden run")]
    [InlineData("golden-override", "golden.gate-overridden", "Golden gate overridden")]
    [InlineData("experiment", "experiment.started", "Experiment started")]
    [InlineData("kill-switch", "flag.enabled", "Kill switch engaged")]
    [InlineData("kill-switch", "flag.disabled", "Kill switch released")]
    public void Titles_name_what_happened(string kind, string action, string title) =>
        Assert.Equal(title, IncidentsViewModel.Row(Entry(kind, action)).Title);

    [Fact]
    public void Snapshot_figures_are_written_out_for_automatic_rollbacks()
    {
        var row = IncidentsViewModel.Row(Entry("automatic-rollback", "rollback.automatic", new Dictionary<string, string>
        {
            ["fromVersion"] = "3", ["toVersion"] = "2", ["recovery"] = "not-recovered",
            ["atRollback.executions"] = "1", ["atRollback.errorRate"] = "0.25", ["atRollback.p95LatencyMs"] = "1234.5",
            ["atRollback.costPerExecutionUsd"] = "0.0001", ["atRollback.meanFeedback"] = "4.5", ["atRollback.meanAutomatedScore"] = "0.8",
            ["afterRollback.executions"] = "0", ["afterRollback.errorRate"] = "0",
        }));

        Assert.Equal(["At rollback (v3): 1 execution · error rate 25 % · p95 1235 ms · $0.000100 per execution · feedback 4.50 · score 0.80", "After the rollback (v2): no executions"], row.Figures);
        Assert.Equal("not-recovered", row.Recovery);
    }

    [Theory]
    [InlineData(true, null, 0, "Automatic rollback available")]
    [InlineData(true, null, 1, "Automatic rollback available (1 automatic rollback in the last 24 hours)")]
    [InlineData(true, null, 2, "Automatic rollback available (2 automatic rollbacks in the last 24 hours)")]
    [InlineData(false, "last automatic rollback 3 minutes ago", 1, "Automation stood down: last automatic rollback 3 minutes ago")]
    public async Task The_status_line_says_whether_automation_may_act(bool available, string? reason, int count, string expected)
    {
        var rollbacks = new FakeAutomaticRollbacks { Status = new AutomationStatus(available, reason, null, count) };
        var model = new IncidentsViewModel(new FakeIncidentTimeline().With("greeting"), rollbacks);

        await model.LoadAsync("greeting");

        Assert.Equal(expected, model.StatusLine);
        Assert.Equal(!available, model.StoodDown);
    }

    [Fact]
    public async Task An_unknown_prompt_is_an_error_not_an_empty_timeline()
    {
        var model = new IncidentsViewModel(new FakeIncidentTimeline(), new FakeAutomaticRollbacks());

        await model.LoadAsync("missing");

        Assert.Equal("prompt-not-found", model.Error!.Code);
        Assert.Empty(model.Entries);
    }
}
