using PromptConsole.Domain.Experiments.Statistics;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Tests.Domain.Rollouts;

/// <summary>Argo Rollouts' phase rule on the compared value, case by case, and the statistical option.</summary>
public sealed class GateAssessorTests
{
    /// <summary>An arm of <paramref name="executions"/> with <paramref name="failed"/> failures, the given p95 and mean cost.</summary>
    private static ArmWindow Arm(long executions, long failed = 0, long checkFailed = 0, double? p95 = 100, double cost = 0.001, long feedbackCount = 0, double feedbackMean = 4) =>
        new(executions, failed, executions - failed, checkFailed, executions == 0 ? null : p95,
            new SampleSummary(executions, p95 ?? 0, 100),
            new SampleSummary(executions, cost, 1e-8),
            new SampleSummary(feedbackCount, feedbackMean, 1),
            default);

    private static readonly GateCondition ErrorSuccess = new(GateComparison.LessThanOrEqual, 0.02);
    private static readonly GateCondition ErrorFailure = new(GateComparison.GreaterThan, 0.05);

    public static TheoryData<string, CanaryGate, ArmWindow, ArmWindow, MeasurementPhase, double?> Cases => new()
    {
        // errorRate: candidate − baseline.
        { "error rate equal: successful", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, ErrorFailure), Arm(100, 1), Arm(100, 1), MeasurementPhase.Successful, 0 },
        { "error rate 10 points higher: failed", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, ErrorFailure), Arm(100, 11), Arm(100, 1), MeasurementPhase.Failed, 0.1 },
        { "error rate 3 points higher: inconclusive", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, ErrorFailure), Arm(100, 4), Arm(100, 1), MeasurementPhase.Inconclusive, 0.03 },
        { "error rate lower: successful", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, ErrorFailure), Arm(100, 0), Arm(100, 10), MeasurementPhase.Successful, -0.1 },
        { "no candidate executions: error", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, ErrorFailure), Arm(0), Arm(100), MeasurementPhase.Error, null },
        { "no baseline executions: error", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, ErrorFailure), Arm(100), Arm(0), MeasurementPhase.Error, null },
        // Argo: only a success condition, not met → failed; only a failure condition, not met → successful; neither → successful.
        { "success condition only, not met: failed", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, null), Arm(100, 4), Arm(100, 1), MeasurementPhase.Failed, 0.03 },
        { "success condition only, met: successful", new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, null), Arm(100, 1), Arm(100, 1), MeasurementPhase.Successful, 0 },
        { "failure condition only, not met: successful", new CanaryGate(GateMetric.ErrorRate, null, ErrorFailure), Arm(100, 4), Arm(100, 1), MeasurementPhase.Successful, 0.03 },
        { "failure condition only, met: failed", new CanaryGate(GateMetric.ErrorRate, null, ErrorFailure), Arm(100, 20), Arm(100, 1), MeasurementPhase.Failed, 0.19 },
        { "no conditions: successful", new CanaryGate(GateMetric.ErrorRate, null, null), Arm(100, 50), Arm(100, 1), MeasurementPhase.Successful, 0.49 },
        // checkFailureRate: over answered executions.
        { "check failures 10 points higher: failed", CanaryGateDefaults.For(GateMetric.CheckFailureRate), Arm(100, checkFailed: 10), Arm(100), MeasurementPhase.Failed, 0.1 },
        // p95LatencyRatio and cost: candidate / baseline.
        { "p95 twice the baseline: failed", CanaryGateDefaults.For(GateMetric.P95LatencyRatio), Arm(100, p95: 200), Arm(100, p95: 100), MeasurementPhase.Failed, 2 },
        { "p95 1.3 times: inconclusive", CanaryGateDefaults.For(GateMetric.P95LatencyRatio), Arm(100, p95: 130), Arm(100, p95: 100), MeasurementPhase.Inconclusive, 1.3 },
        { "p95 both zero: equal, successful", CanaryGateDefaults.For(GateMetric.P95LatencyRatio), Arm(100, p95: 0), Arm(100, p95: 0), MeasurementPhase.Successful, 1 },
        { "p95 over a zero baseline: failed", CanaryGateDefaults.For(GateMetric.P95LatencyRatio), Arm(100, p95: 5), Arm(100, p95: 0), MeasurementPhase.Failed, double.PositiveInfinity },
        { "cost 1.1 times: successful", CanaryGateDefaults.For(GateMetric.CostPerExecutionRatio), Arm(100, cost: 0.0011), Arm(100, cost: 0.001), MeasurementPhase.Successful, 1.1 },
        { "cost 1.6 times: failed", CanaryGateDefaults.For(GateMetric.CostPerExecutionRatio), Arm(100, cost: 0.0016), Arm(100, cost: 0.001), MeasurementPhase.Failed, 1.6 },
        // feedback: candidate − baseline, lower is worse.
        { "feedback a point lower: failed", CanaryGateDefaults.For(GateMetric.Feedback), Arm(100, feedbackCount: 20, feedbackMean: 3), Arm(100, feedbackCount: 20, feedbackMean: 4), MeasurementPhase.Failed, -1 },
        { "feedback the same: successful", CanaryGateDefaults.For(GateMetric.Feedback), Arm(100, feedbackCount: 20), Arm(100, feedbackCount: 20), MeasurementPhase.Successful, 0 },
        { "no feedback on the candidate: error", CanaryGateDefaults.For(GateMetric.Feedback), Arm(100), Arm(100, feedbackCount: 20), MeasurementPhase.Error, null },
        { "no automated scores: error", CanaryGateDefaults.For(GateMetric.AutomatedScore), Arm(100), Arm(100), MeasurementPhase.Error, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Measures_the_phase(string name, CanaryGate gate, ArmWindow candidate, ArmWindow baseline, MeasurementPhase phase, double? value)
    {
        var measurement = GateAssessor.Assess(gate, candidate, baseline);

        Assert.True(phase == measurement.Phase, $"{name}: {measurement.Phase}, {measurement.Reason}");
        if (value is { } expected)
            Assert.Equal(expected, measurement.Value!.Value, 9);
        else
            Assert.Null(measurement.Value);
        Assert.False(string.IsNullOrWhiteSpace(measurement.Reason));
    }

    public static TheoryData<string, ArmWindow, ArmWindow, MeasurementPhase> StatisticalCases => new()
    {
        // 2 failures in 20 against 0 in 20 is 10 points worse, but twenty executions cannot tell that from noise.
        { "worse on a small sample: inconclusive, not failed", Arm(20, 2), Arm(20, 0), MeasurementPhase.Inconclusive },
        // 40 % against 1 % over two thousand executions is no accident.
        { "worse on a large sample: failed", Arm(2_000, 800), Arm(2_000, 20), MeasurementPhase.Failed },
        { "equal: successful", Arm(2_000, 20), Arm(2_000, 20), MeasurementPhase.Successful },
    };

    [Theory]
    [MemberData(nameof(StatisticalCases))]
    public void A_statistical_gate_fails_only_with_significance(string name, ArmWindow candidate, ArmWindow baseline, MeasurementPhase phase)
    {
        var gate = new CanaryGate(GateMetric.ErrorRate, ErrorSuccess, ErrorFailure, Statistical: true);

        var measurement = GateAssessor.Assess(gate, candidate, baseline);

        Assert.True(phase == measurement.Phase, $"{name}: {measurement.Phase}, {measurement.Reason}");
        Assert.NotNull(measurement.PValue);
    }
}
