using Microsoft.Extensions.Logging.Abstractions;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

public class CanaryViewModelTests
{
    [Theory]
    [InlineData("defaults", "5, 25, 50, 100", new[] { 5, 25, 50, 100 })]
    [InlineData("no spaces", "5,25,100", new[] { 5, 25, 100 })]
    [InlineData("with percent signs", "10% 100%", new[] { 10, 100 })]
    [InlineData("one step", "100", new[] { 100 })]
    public void Steps_parse_from_what_an_operator_types(string _, string text, int[] expected)
    {
        Assert.Equal(expected, StartCanaryViewModel.ParseSteps(text, out var message));
        Assert.Null(message);
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("a word", "5, half")]
    [InlineData("a fraction", "2.5, 100")]
    public void Steps_that_are_not_whole_numbers_are_refused_with_a_message(string _, string text)
    {
        Assert.Null(StartCanaryViewModel.ParseSteps(text, out var message));
        Assert.False(string.IsNullOrEmpty(message));
    }

    [Fact]
    public void The_command_carries_only_enabled_gates_with_comparisons_in_the_metrics_direction()
    {
        var model = new StartCanaryViewModel(new FakeCanaryService(), new FixedUser("oncall")) { Reason = "  ", Label = " production " };
        model.Gates.Single(g => g.Metric == GateMetric.CheckFailureRate).Enabled = false;
        var feedback = model.Gates.Single(g => g.Metric == GateMetric.Feedback);
        feedback.Enabled = true;

        var command = model.BuildCommand([5, 100]);

        Assert.Equal([GateMetric.ErrorRate, GateMetric.P95LatencyRatio, GateMetric.CostPerExecutionRatio, GateMetric.Feedback], command.Gates!.Select(g => g.Metric));
        var latency = command.Gates!.Single(g => g.Metric == GateMetric.P95LatencyRatio);
        Assert.Equal((GateComparison.LessThanOrEqual, 1.2, GateComparison.GreaterThan, 1.5),
            (latency.SuccessCondition!.Comparison, latency.SuccessCondition.Threshold, latency.FailureCondition!.Comparison, latency.FailureCondition.Threshold));
        var score = command.Gates!.Single(g => g.Metric == GateMetric.Feedback);
        Assert.Equal((GateComparison.GreaterThanOrEqual, GateComparison.LessThan), (score.SuccessCondition!.Comparison, score.FailureCondition!.Comparison));
        Assert.Equal(("production", (string?)null, (string?)null), (command.Label, command.Reason, command.OverrideReason));
    }

    [Fact]
    public async Task A_gate_error_lands_on_the_row_sent_at_that_position_and_a_golden_refusal_asks_for_an_override()
    {
        var service = new FakeCanaryService
        {
            OnStart = (_, command) => command.OverrideReason is null
                ? new Error(ErrorKind.Conflict, "golden-gate", "v2 failed its golden run.", [new FieldError("gates[1].successCondition.threshold", "Too strict.")])
                : CanaryFixtures.Running(),
        };
        var model = new StartCanaryViewModel(service, new FixedUser("oncall")) { CandidateVersion = 2 };
        model.Gates.Single(g => g.Metric == GateMetric.CheckFailureRate).Enabled = false;

        Assert.Null(await model.StartAsync());

        // Sent: error rate, p95 latency, cost — gates[1] is the latency row, not the (unsent) check-failure row.
        Assert.Equal(["Too strict."], model.MessagesFor(model.Gates.Single(g => g.Metric == GateMetric.P95LatencyRatio)));
        Assert.Empty(model.MessagesFor(model.Gates.Single(g => g.Metric == GateMetric.CheckFailureRate)));
        Assert.True(model.NeedsOverride);
        Assert.Empty(model.Unplaced);

        model.OverrideReason = "checked by hand";
        Assert.NotNull(await model.StartAsync());
        Assert.Equal("checked by hand", service.Starts[^1].OverrideReason);
    }

    [Theory]
    [InlineData("error rate difference", GateMetric.ErrorRate, 0.018, "+1.8 pp")]
    [InlineData("negative error rate difference", GateMetric.ErrorRate, -0.002, "−0.2 pp")]
    [InlineData("latency ratio", GateMetric.P95LatencyRatio, 1.0649, "×1.06")]
    [InlineData("cost ratio", GateMetric.CostPerExecutionRatio, 0.9, "×0.90")]
    [InlineData("feedback difference", GateMetric.Feedback, -0.25, "−0.25")]
    public void Compared_values_are_written_in_the_gates_unit(string _, GateMetric metric, double value, string expected) =>
        Assert.Equal(expected, CanaryFormat.Compared(metric, value));

    [Theory]
    [InlineData("running, second step", CanaryStatus.Running, 1, new[] { "done", "current", "next", "next" })]
    [InlineData("aborted in the first step", CanaryStatus.Aborted, 0, new[] { "current", "next", "next", "next" })]
    [InlineData("promoted at the last step", CanaryStatus.Promoted, 3, new[] { "done", "done", "done", "done" })]
    public void Step_rows_mark_done_current_and_next(string _, CanaryStatus status, int stepIndex, string[] expected)
    {
        var canary = CanaryFixtures.Running(status: status) with { StepIndex = stepIndex };

        Assert.Equal(expected, CanaryPageViewModel.StepRows(canary).Select(r => r.State));
    }

    [Fact]
    public void Each_gate_row_takes_its_metrics_newest_measurement()
    {
        var rows = CanaryPageViewModel.GateRows(CanaryFixtures.Running());

        Assert.Equal(["inconclusive", "successful", null], rows.Select(r => r.Latest?.Phase));
        Assert.Equal(CanaryFixtures.Started.AddMinutes(10), rows[1].MeasuredAt);
    }

    [Fact]
    public void The_charts_weight_each_arms_legend_value_by_executions_and_leave_empty_minutes_as_gaps()
    {
        var charts = CanaryCharts.From(CanaryFixtures.Running(),
        [
            new(CanaryFixtures.Started, "baseline", 100, 0.01, 800, 0.002),
            new(CanaryFixtures.Started.AddMinutes(1), "baseline", 300, 0.03, 900, 0.002),
            new(CanaryFixtures.Started, "candidate", 0, 0, null, null),
            new(CanaryFixtures.Started.AddMinutes(1), "candidate", 10, 0.1, 950, 0.003),
        ])!;

        var baseline = charts.ErrorRate.Series[0];
        Assert.Equal("baseline v1", baseline.Name);
        Assert.Equal(0.025, baseline.Summary!.Value, 6);
        var candidate = charts.ErrorRate.Series[1];
        Assert.Equal("candidate v2", candidate.Name);
        Assert.Equal([null, 0.1], candidate.Points.Select(p => p.Value));
        Assert.Null(CanaryCharts.From(CanaryFixtures.Running(), []));
    }

    [Fact]
    public async Task Abort_notices_keep_aborts_of_the_last_30_minutes_until_dismissed()
    {
        var time = new ManualTimeProvider();
        var service = new FakeCanaryService();
        service.Add(CanaryFixtures.Aborted("canary-a", time.GetUtcNow().AddMinutes(-29)));
        service.Add(CanaryFixtures.Aborted("canary-b", time.GetUtcNow().AddMinutes(-31)));
        service.Add(CanaryFixtures.Running("canary-c") with { Status = CanaryStatus.Promoted, EndedAt = time.GetUtcNow() });
        var model = new CanaryAbortNoticesViewModel(service, time, NullLogger<CanaryAbortNoticesViewModel>.Instance);

        await model.RefreshAsync();
        Assert.Equal(["canary-a"], model.Notices.Select(c => c.Key));
        Assert.Equal(time.GetUtcNow().AddMinutes(-30), service.ListAllSince[0]);

        model.Dismiss("canary-a");
        await model.RefreshAsync();
        Assert.Empty(model.Notices);
    }

    [Theory]
    [InlineData("exact", "Audit", 4)]
    [InlineData("lower case", "incidents", 7)]
    [InlineData("dash for a space", "golden-set", 8)]
    [InlineData("unknown", "nope", null)]
    public void A_tab_is_found_by_its_name_ignoring_case_spaces_and_dashes(string _, string wanted, int? expected)
    {
        string[] tabs = ["Versions", "Editor", "Diff", "Labels", "Audit", "Try it", "Metrics", "Incidents", "Golden set"];

        Assert.Equal(expected, PromptDetail.TabIndex(tabs, wanted));
    }
}
