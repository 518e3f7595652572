namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// What a gate measures, always candidate against baseline over the same window:
/// rates and scores as the difference candidate − baseline, latency and cost as the ratio candidate / baseline.
/// </summary>
public enum GateMetric
{
    /// <summary>Share of executions that failed (provider failure or cancellation), candidate − baseline.</summary>
    ErrorRate,
    /// <summary>Share of answered executions whose output failed its checks, candidate − baseline.</summary>
    CheckFailureRate,
    /// <summary>p95 latency, candidate / baseline.</summary>
    P95LatencyRatio,
    /// <summary>Mean cost per execution, candidate / baseline.</summary>
    CostPerExecutionRatio,
    /// <summary>Mean feedback (1–5), candidate − baseline.</summary>
    Feedback,
    /// <summary>Mean automated score (0–1), candidate − baseline.</summary>
    AutomatedScore,
}

public enum GateComparison
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}

/// <summary><c>value &lt;op&gt; threshold</c>, as in Argo Rollouts' <c>result &lt; 0.05</c>.</summary>
public sealed record GateCondition(GateComparison Comparison, double Threshold)
{
    public bool IsMetBy(double value) => Comparison switch
    {
        GateComparison.LessThan => value < Threshold,
        GateComparison.LessThanOrEqual => value <= Threshold,
        GateComparison.GreaterThan => value > Threshold,
        GateComparison.GreaterThanOrEqual => value >= Threshold,
        _ => false,
    };
}

/// <summary>
/// One analysis gate with Argo Rollouts' semantics: a measurement is Successful when it meets
/// <paramref name="SuccessCondition"/>, Failed when it meets <paramref name="FailureCondition"/>,
/// Inconclusive when it meets neither, Error when there is no data to measure. The analysis fails when
/// failed measurements exceed <paramref name="FailureLimit"/>, needs a human when inconclusive ones exceed
/// <paramref name="InconclusiveLimit"/>, and errs when consecutive errors exceed <paramref name="ConsecutiveErrorLimit"/>.
/// <paramref name="Statistical"/>: a measurement fails only when the candidate is worse with significance
/// (the sequential test of the experiments), never on noise alone.
/// </summary>
public sealed record CanaryGate(
    GateMetric Metric,
    GateCondition? SuccessCondition,
    GateCondition? FailureCondition,
    int FailureLimit = 0,
    int InconclusiveLimit = 0,
    int ConsecutiveErrorLimit = 4,
    bool Statistical = false);
