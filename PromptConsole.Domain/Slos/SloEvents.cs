using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Domain.Slos;

/// <summary>An SLI's counts over a window: the events that count and how many of them were bad.</summary>
public readonly record struct SloEvents(long Events, long BadEvents)
{
    public long GoodEvents => Events - BadEvents;

    /// <summary>The share of good events; null when nothing counted.</summary>
    public double? Sli => Events <= 0 ? null : (double)GoodEvents / Events;

    /// <summary>
    /// What <paramref name="slo"/> counts in <paramref name="stats"/>. Availability: every execution but the cancelled
    /// ones (the caller gave up, which says nothing about the prompt — as <see cref="ExecutionStats.ErrorRate"/>), bad
    /// when the output was rejected or the provider failed. Latency: every execution, good when faster than the
    /// threshold (from the latency histogram, so within its relative accuracy of the threshold). Quality: every score,
    /// good when at or above the threshold on the 0..1 scale (feedback 1–5 as (score − 1) / 4).
    /// </summary>
    public static SloEvents Of(SloDefinition slo, ExecutionStats stats)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(stats);
        switch (slo.Indicator)
        {
            case SloIndicator.Availability:
                var considered = stats.Count - stats.CountOf(ExecutionOutcome.Cancelled);
                var failed = stats.CountOf(ExecutionOutcome.OutputRejected) + stats.CountOf(ExecutionOutcome.ProviderFailed);
                return new SloEvents(considered, failed);
            case SloIndicator.Latency:
                var executions = stats.LatencyMs.Count;
                return new SloEvents(executions, executions - stats.LatencyMs.CountBelow(slo.LatencyThresholdMs!.Value));
            case SloIndicator.Quality:
                var scores = stats.QualityScoresTotal;
                return new SloEvents(scores, scores - stats.QualityScoresAtOrAbove(slo.QualityThreshold!.Value));
            default:
                throw new ArgumentOutOfRangeException(nameof(slo), slo.Indicator, "Unknown indicator.");
        }
    }
}
