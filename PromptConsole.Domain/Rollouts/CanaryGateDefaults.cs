namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// The gate each metric gets unless the operator writes one. Rates and scores compare as candidate − baseline,
/// latency and cost as candidate / baseline. Between the success and the failure threshold a measurement is
/// inconclusive and, with the default limit of 0, pauses the canary for a human.
/// </summary>
public static class CanaryGateDefaults
{
    public static CanaryGate For(GateMetric metric) => metric switch
    {
        // Two points more failures than the baseline is already a release to look at; five is one to stop.
        GateMetric.ErrorRate => new CanaryGate(metric, new GateCondition(GateComparison.LessThanOrEqual, 0.02), new GateCondition(GateComparison.GreaterThan, 0.05)),
        GateMetric.CheckFailureRate => new CanaryGate(metric, new GateCondition(GateComparison.LessThanOrEqual, 0.02), new GateCondition(GateComparison.GreaterThan, 0.05)),
        GateMetric.P95LatencyRatio => new CanaryGate(metric, new GateCondition(GateComparison.LessThanOrEqual, 1.2), new GateCondition(GateComparison.GreaterThan, 1.5)),
        GateMetric.CostPerExecutionRatio => new CanaryGate(metric, new GateCondition(GateComparison.LessThanOrEqual, 1.2), new GateCondition(GateComparison.GreaterThan, 1.5)),
        // Feedback is 1–5: half a point lower on average is a clear regression.
        GateMetric.Feedback => new CanaryGate(metric, new GateCondition(GateComparison.GreaterThanOrEqual, -0.2), new GateCondition(GateComparison.LessThan, -0.5)),
        // Scores are 0–1: a tenth lower is a clear regression.
        GateMetric.AutomatedScore => new CanaryGate(metric, new GateCondition(GateComparison.GreaterThanOrEqual, -0.05), new GateCondition(GateComparison.LessThan, -0.1)),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown gate metric."),
    };

    /// <summary>
    /// The gates of a canary started without any: the metrics every execution has (errors, checks, latency,
    /// cost). Feedback and automated scores are left out: only a small share of executions gets them, so a
    /// step of 50 candidate executions usually has none and its gate would err (no data) at every analysis
    /// until the consecutive-error limit aborts a healthy canary. Operators whose traffic is scored add them.
    /// </summary>
    public static readonly IReadOnlyList<CanaryGate> Gates =
    [
        For(GateMetric.ErrorRate),
        For(GateMetric.CheckFailureRate),
        For(GateMetric.P95LatencyRatio),
        For(GateMetric.CostPerExecutionRatio),
    ];
}
