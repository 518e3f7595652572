using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model.Experiments;

/// <summary>Traffic and baselines from the metrics store, over the last week (the same window the experiments service plans with).</summary>
public sealed class MetricsPlanningData(IMetricsStore store) : IExperimentPlanningData
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>A prompt first called minutes ago would extrapolate wildly, so the rate rests on at least this much time.</summary>
    public static readonly TimeSpan ShortestSpan = TimeSpan.FromHours(1);

    /// <summary>
    /// Scores on a bounded scale have a variance of at most (max − min)² / 4 (Popoviciu's inequality). The
    /// store keeps only sums of scores, so this bound stands in for the variance: it can only overstate the
    /// sample needed, never understate it.
    /// </summary>
    public static double BoundedScaleVariance(double min, double max) => (max - min) * (max - min) / 4;

    public async Task<double> EligibleExecutionsPerDayAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        var window = await store.QueryAsync(Window, new MetricsFilter(PromptKey: promptKey), cancellationToken);
        return ExecutionsPerDay(window);
    }

    /// <summary>
    /// Executions a day from the first bucket with traffic to the window's end: a prompt that started
    /// getting traffic two days ago is not diluted over seven.
    /// </summary>
    public static double ExecutionsPerDay(MetricsWindow window)
    {
        if (window.Total.Count == 0)
            return 0;
        var first = window.Points.FirstOrDefault(p => p.Stats.Count > 0)?.Start ?? window.From;
        var span = window.To - first;
        if (span < ShortestSpan)
            span = ShortestSpan;
        return window.Total.Count / span.TotalDays;
    }

    public async Task<MetricBaseline?> BaselineAsync(string promptKey, int version, ExperimentMetric metric, CancellationToken cancellationToken = default)
    {
        var window = await store.QueryAsync(Window, new MetricsFilter(PromptKey: promptKey, PromptVersion: version), cancellationToken);
        return Baseline(window.Total, metric);
    }

    public static MetricBaseline? Baseline(ExecutionStats stats, ExperimentMetric metric)
    {
        switch (metric)
        {
            case ExperimentMetric.SuccessRate:
            {
                var considered = stats.Count - stats.CountOf(ExecutionOutcome.Cancelled);
                return Rate(stats.CountOf(ExecutionOutcome.Success), considered);
            }

            case ExperimentMetric.OutputCheckPassRate:
            {
                var answered = stats.CountOf(ExecutionOutcome.Success) + stats.CountOf(ExecutionOutcome.OutputRejected);
                return Rate(stats.CountOf(ExecutionOutcome.Success), answered);
            }

            case ExperimentMetric.P95Latency:
                return LatencyMoments(stats.LatencyMs);
            case ExperimentMetric.CostPerExecution:
                return stats.Count == 0 ? null : new MetricBaseline((double)(stats.CostUsd / stats.Count), null, stats.Count);
            case ExperimentMetric.Feedback:
                return Scores(stats.FeedbackQuality, BoundedScaleVariance(1, 5));
            case ExperimentMetric.AutomatedScore:
                return Scores(stats.AutomatedQuality, BoundedScaleVariance(0, 1));
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }
    }

    private static MetricBaseline? Rate(long hits, long of) => of <= 0 ? null : new MetricBaseline((double)hits / of, null, of);

    private static MetricBaseline? Scores(QualityTally tally, double varianceBound) =>
        tally.Average is { } mean ? new MetricBaseline(mean, varianceBound, tally.Count) : null;

    /// <summary>
    /// A percentile has no closed-form sample size; latency is planned as its mean, with mean and sample
    /// variance taken from the histogram's bucket values (each within the histogram's relative accuracy).
    /// </summary>
    private static MetricBaseline? LatencyMoments(LogHistogram histogram)
    {
        if (histogram.Count < 2)
            return null;
        var buckets = histogram.ToSnapshot().Buckets;
        double sum = 0;
        foreach (var bucket in buckets)
            sum += bucket.Count * histogram.BucketValue(bucket.Index);
        var mean = sum / histogram.Count;
        var squares = histogram.ZeroCount * mean * mean;
        foreach (var bucket in buckets)
        {
            var deviation = histogram.BucketValue(bucket.Index) - mean;
            squares += bucket.Count * deviation * deviation;
        }

        return new MetricBaseline(mean, squares / (histogram.Count - 1), histogram.Count);
    }
}
