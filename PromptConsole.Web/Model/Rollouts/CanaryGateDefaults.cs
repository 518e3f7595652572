using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>
/// The gates the start dialog proposes, one per metric. Rates compare as a difference (a share), latency and
/// cost as a ratio. Feedback and automated score arrive sparsely, so their gates start switched off: a gate
/// without data errs, and enough errors in a row stop the analysis.
/// </summary>
public static class CanaryGateDefaults
{
    public static IReadOnlyList<(CanaryGate Gate, bool Enabled)> All { get; } =
    [
        (LowerIsBetter(GateMetric.ErrorRate, pass: 0.01, fail: 0.05, statistical: true), true),
        (LowerIsBetter(GateMetric.CheckFailureRate, pass: 0.02, fail: 0.05, statistical: true), true),
        (LowerIsBetter(GateMetric.P95LatencyRatio, pass: 1.2, fail: 1.5), true),
        (LowerIsBetter(GateMetric.CostPerExecutionRatio, pass: 1.2, fail: 1.5), true),
        (HigherIsBetter(GateMetric.Feedback, pass: -0.2, fail: -0.5), false),
        (HigherIsBetter(GateMetric.AutomatedScore, pass: -0.05, fail: -0.1), false),
    ];

    public static CanaryGate For(GateMetric metric) => All.First(d => d.Gate.Metric == metric).Gate;

    private static CanaryGate LowerIsBetter(GateMetric metric, double pass, double fail, bool statistical = false) =>
        new(metric, new GateCondition(GateComparison.LessThanOrEqual, pass), new GateCondition(GateComparison.GreaterThan, fail), Statistical: statistical);

    private static CanaryGate HigherIsBetter(GateMetric metric, double pass, double fail) =>
        new(metric, new GateCondition(GateComparison.GreaterThanOrEqual, pass), new GateCondition(GateComparison.LessThan, fail));
}
