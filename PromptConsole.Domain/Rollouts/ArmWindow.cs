using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// One canary arm's executions over the analysis window. <paramref name="Failed"/>: provider failures and
/// cancellations; <paramref name="Answered"/>: executions the model answered, of which
/// <paramref name="CheckFailed"/> failed their output checks. <paramref name="P95LatencyMs"/> is null without
/// executions; the summaries carry count, mean and variance for the statistical gates.
/// </summary>
public sealed record ArmWindow(
    long Executions,
    long Failed,
    long Answered,
    long CheckFailed,
    double? P95LatencyMs,
    SampleSummary Latency,
    SampleSummary Cost,
    SampleSummary Feedback,
    SampleSummary Score)
{
    public static readonly ArmWindow Empty = new(0, 0, 0, 0, null, default, default, default, default);
}
