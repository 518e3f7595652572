using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Tests.Services;

public sealed class ExperimentResultsCalculatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static Experiment Running(ExperimentMetric primary = ExperimentMetric.SuccessRate, int minSamples = 100, params ExperimentMetric[] guardrails) => new(
        new ExperimentDefinition(
            "ab", "greeting", "h",
            [new ExperimentArm("control", 1, 50), new ExperimentArm("treatment", 2, 50)],
            1, [], "subject", primary, guardrails, minSamples, null),
        ExperimentStatus.Running,
        Start);

    /// <summary>Totals of <paramref name="n"/> executions, <paramref name="answered"/> of them answered, with constant latency jittered ±1.</summary>
    private static ArmTotals Totals(long n, long answered, double latencyMean = 100)
    {
        // Half the executions at mean − 1, half at mean + 1: sample variance n/(n − 1).
        var sum = latencyMean * n;
        var squares = n * (latencyMean * latencyMean + 1);
        return new ArmTotals(n, answered, answered, new MeanSums(n, sum, squares), new MeanSums(n, 0.001 * n, 0.000001 * n), default, default, Start, Start.AddHours(1));
    }

    private static ExperimentResults Calculate(Experiment experiment, ArmTotals control, ArmTotals treatment) =>
        ExperimentResultsCalculator.Calculate(
            experiment,
            new Dictionary<string, ArmTotals> { ["control"] = control, ["treatment"] = treatment },
            [],
            new Dictionary<string, long>(),
            Start.AddDays(1));

    // Expected actions follow the documented rule order of ExperimentResultsCalculator.Recommend.
    [Theory]
    [InlineData(5000, 4500, 5000, 4500, "keepRunning")] // identical arms: nothing significant
    [InlineData(5000, 4500, 5000, 4800, "ship")]        // 90 % → 96 % success
    [InlineData(5000, 4800, 5000, 4500, "stop")]        // treatment worse: keep the control
    [InlineData(50, 45, 50, 50, "keepRunning")]         // below the minimum sample
    [InlineData(4500, 4050, 5500, 4950, "invalid")]     // 45/55 split under 50/50 weights
    public void Recommendation_follows_the_rules(long nc, long sc, long nt, long st, string action)
    {
        var results = Calculate(Running(), Totals(nc, sc), Totals(nt, st));
        Assert.Equal(action, results.Recommendation.Action);
        Assert.NotEmpty(results.Recommendation.Reasoning);
        if (action == "ship")
            Assert.Equal("treatment", results.Recommendation.Arm);
    }

    [Fact]
    public void A_guardrail_that_gets_worse_blocks_shipping()
    {
        var results = Calculate(Running(ExperimentMetric.SuccessRate, 100, ExperimentMetric.P95Latency), Totals(5000, 4500, 100), Totals(5000, 4800, 110));
        var latency = results.Arms[1].Metrics.Single(m => m.Metric == "p95Latency");
        Assert.Equal("guardrail", latency.Role);
        Assert.Equal("welch-mean", latency.Test);
        Assert.Equal("worse", latency.Effect!.Verdict);
        Assert.NotEqual("ship", results.Recommendation.Action);
    }

    [Fact]
    public void Srm_matches_the_chi_square_by_hand()
    {
        // 4500 vs 5500 expected 5000/5000: χ² = 2 × 500² / 5000 = 100 (1 degree of freedom).
        var results = Calculate(Running(), Totals(4500, 4000), Totals(5500, 5000));
        Assert.Equal(100, results.Srm.ChiSquare, 9);
        Assert.True(results.Srm.Mismatch);
    }

    [Fact]
    public void Effects_are_against_the_control_and_honour_the_metric_direction()
    {
        var results = Calculate(Running(ExperimentMetric.P95Latency), Totals(5000, 4500, 100), Totals(5000, 4500, 90));
        var latency = results.Arms[1].Metrics.Single(m => m.Metric == "p95Latency");
        Assert.Equal(-10, latency.Effect!.Absolute.Estimate, 9);
        Assert.Equal(-0.1, latency.Effect.Relative!.Estimate, 9);
        Assert.Equal("better", latency.Effect.Verdict);
        Assert.True(latency.Effect.ChanceToBeatControl > 0.99);
        Assert.Null(results.Arms[0].Metrics.Single(m => m.Metric == "p95Latency").Effect);
        Assert.Equal(6, results.Arms[0].Metrics.Count);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, 0.95, 4.8)]   // numpy.percentile([1..5], 95) = 4.8
    [InlineData(new[] { 10.0 }, 0.95, 10)]
    [InlineData(new[] { 3.0, 1, 2 }, 0.5, 2)]
    public void Percentile_interpolates_linearly(double[] values, double quantile, double expected) =>
        Assert.Equal(expected, ExperimentResultsCalculator.Percentile(values, quantile)!.Value, 9);

    [Fact]
    public void Timeline_is_cumulative_per_hour()
    {
        var sample = new List<ExperimentObservation>();
        for (var hour = 0; hour < 3; hour++)
        {
            for (var i = 0; i < 100; i++)
            {
                var at = Start.AddHours(hour).AddSeconds(i);
                sample.Add(new ExperimentObservation("control", at, i % 10 != 0, true, 100, 0.001, null, null));
                sample.Add(new ExperimentObservation("treatment", at, i % 5 != 0, true, 100, 0.001, null, null));
            }
        }

        var results = ExperimentResultsCalculator.Calculate(Running(), new Dictionary<string, ArmTotals>(), sample, new Dictionary<string, long>(), Start.AddDays(1));
        Assert.Equal(3, results.Timeline.Count);
        Assert.Equal([100L, 200, 300], results.Timeline.Select(p => p.ArmN));
        Assert.All(results.Timeline, p => Assert.Equal(-0.1, p.Estimate, 9)); // 80 % vs 90 %
        Assert.True(results.Timeline[2].Upper - results.Timeline[2].Lower < results.Timeline[0].Upper - results.Timeline[0].Lower);
    }
}
