using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Model.Experiments;

namespace PromptConsole.Tests.Components;

public class ExperimentPlanningTests
{
    private static readonly MetricSeriesKey Series = new("greeting", 2, null, "sim-small");

    private static ExecutionObservation Execution(
        ExecutionOutcome outcome = ExecutionOutcome.Success, double latencyMs = 100, decimal cost = 0.001m, int? feedback = null, double? automated = null) =>
        new(Series, outcome, null, latencyMs, 10, 20, cost, CacheLevel.Miss, 1, false, feedback, automated);

    private static ExecutionStats Stats(params ExecutionObservation[] observations)
    {
        var stats = new ExecutionStats();
        foreach (var observation in observations)
            stats.Add(observation);
        return stats;
    }

    [Theory]
    [InlineData("key", WizardStep.Prompt)]
    [InlineData("prompt", WizardStep.Prompt)]
    [InlineData("hypothesis", WizardStep.Prompt)]
    [InlineData("arms", WizardStep.Arms)]
    [InlineData("arms[3].weight", WizardStep.Arms)]
    [InlineData("coverage", WizardStep.Audience)]
    [InlineData("targeting[0].value", WizardStep.Audience)]
    [InlineData("subjectAttribute", WizardStep.Audience)]
    [InlineData("primaryMetric", WizardStep.Metrics)]
    [InlineData("guardrails[1]", WizardStep.Metrics)]
    [InlineData("minSamplesPerArm", WizardStep.Metrics)]
    [InlineData("relativeMde", WizardStep.SampleSize)]
    [InlineData("alpha", WizardStep.SampleSize)]
    [InlineData("endsAt", WizardStep.Review)]
    [InlineData("keys", WizardStep.Review)]
    [InlineData("weights", WizardStep.Review)]
    public void Each_body_field_belongs_to_the_step_that_edits_it(string field, WizardStep step) =>
        Assert.Equal(step, WizardSteps.StepOf(field));

    [Theory]
    [InlineData(0.01, "less than a day (about 1 hour)")]
    [InlineData(0.5, "less than a day (about 12 hours)")]
    [InlineData(1.0, "about 1 day")]
    [InlineData(1.01, "about 2 days")]
    [InlineData(6.2, "about 7 days")]
    [InlineData(1234.5, "about 1,235 days")]
    public void Durations_are_rounded_up_to_whole_days(double days, string text) =>
        Assert.Equal(text, SampleSizePlan.Describe(days));

    [Fact]
    public void Success_rate_counts_answers_among_executions_that_were_not_cancelled()
    {
        var stats = Stats(
            Execution(), Execution(), Execution(), Execution(ExecutionOutcome.ProviderFailed),
            Execution(ExecutionOutcome.OutputRejected), Execution(ExecutionOutcome.Cancelled));

        var baseline = MetricsPlanningData.Baseline(stats, ExperimentMetric.SuccessRate)!;

        // 3 successes among 5 executions that were not cancelled.
        Assert.Equal(3.0 / 5, baseline.Value, 12);
        Assert.Equal(5, baseline.Observations);
        Assert.Null(baseline.Variance);
    }

    [Fact]
    public void Output_check_pass_rate_counts_passes_among_answers()
    {
        var stats = Stats(Execution(), Execution(), Execution(ExecutionOutcome.OutputRejected), Execution(ExecutionOutcome.ProviderFailed));

        var baseline = MetricsPlanningData.Baseline(stats, ExperimentMetric.OutputCheckPassRate)!;

        Assert.Equal(2.0 / 3, baseline.Value, 12);
        Assert.Equal(3, baseline.Observations);
    }

    [Fact]
    public void Latency_is_planned_on_its_mean_and_sample_variance_within_the_histograms_accuracy()
    {
        double[] latencies = [100, 200, 300, 400];
        var stats = Stats(latencies.Select(l => Execution(latencyMs: l)).ToArray());

        var baseline = MetricsPlanningData.Baseline(stats, ExperimentMetric.P95Latency)!;

        // Exact mean 250 and sample variance Σ(x − 250)² / 3 = 50,000 / 3; each bucket value is within 1 % of its value.
        Assert.InRange(baseline.Value, 250 * 0.99, 250 * 1.01);
        Assert.InRange(baseline.Variance!.Value, 50_000.0 / 3 * 0.97, 50_000.0 / 3 * 1.03);
        Assert.Equal(4, baseline.Observations);
    }

    [Fact]
    public void Cost_has_a_mean_but_no_known_spread()
    {
        var baseline = MetricsPlanningData.Baseline(Stats(Execution(cost: 0.001m), Execution(cost: 0.003m)), ExperimentMetric.CostPerExecution)!;

        Assert.Equal(0.002, baseline.Value, 12);
        Assert.Null(baseline.Variance);
    }

    [Fact]
    public void Scores_use_the_bound_of_their_scale_as_the_variance()
    {
        var stats = Stats(Execution(feedback: 4, automated: 0.5), Execution(feedback: 5, automated: 0.7), Execution());

        var feedback = MetricsPlanningData.Baseline(stats, ExperimentMetric.Feedback)!;
        var automated = MetricsPlanningData.Baseline(stats, ExperimentMetric.AutomatedScore)!;

        Assert.Equal(4.5, feedback.Value, 12);
        Assert.Equal(2, feedback.Observations);
        // Popoviciu: (5 − 1)² / 4 and (1 − 0)² / 4.
        Assert.Equal(4, feedback.Variance);
        Assert.Equal(0.6, automated.Value, 12);
        Assert.Equal(0.25, automated.Variance);
    }

    [Theory]
    [InlineData(ExperimentMetric.SuccessRate)]
    [InlineData(ExperimentMetric.OutputCheckPassRate)]
    [InlineData(ExperimentMetric.P95Latency)]
    [InlineData(ExperimentMetric.CostPerExecution)]
    [InlineData(ExperimentMetric.Feedback)]
    [InlineData(ExperimentMetric.AutomatedScore)]
    public void No_data_means_no_baseline(ExperimentMetric metric) =>
        Assert.Null(MetricsPlanningData.Baseline(new ExecutionStats(), metric));

    [Fact]
    public void Traffic_a_day_runs_from_the_first_bucket_with_executions_to_the_windows_end()
    {
        var hour = TimeSpan.FromHours(1);
        var window = MetricsWindows.Of(hour, null,
            MetricsWindows.None, MetricsWindows.Repeat(30, Execution()), MetricsWindows.Repeat(10, Execution()), MetricsWindows.Repeat(20, Execution()));

        // 60 executions over the 3 hours since the first busy bucket: 20 an hour, 480 a day.
        Assert.Equal(480, MetricsPlanningData.ExecutionsPerDay(window), 9);
    }

    [Fact]
    public void A_burst_of_minutes_is_spread_over_at_least_an_hour_and_no_traffic_is_zero()
    {
        var window = MetricsWindows.Seconds(MetricsWindows.Repeat(5, Execution()), MetricsWindows.Repeat(5, Execution()));

        Assert.Equal(10 * 24, MetricsPlanningData.ExecutionsPerDay(window), 9);
        Assert.Equal(0, MetricsPlanningData.ExecutionsPerDay(MetricsWindows.Seconds(MetricsWindows.None)));
    }
}
