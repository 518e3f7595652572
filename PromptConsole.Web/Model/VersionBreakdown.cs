using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>
/// One row of the prompt page's metrics table: a version as served by one route arm on one model,
/// so experiment arms, canary candidates and fallback models each get their own row.
/// </summary>
/// <param name="Share">Of the prompt's executions in the range.</param>
public sealed record SeriesRow(
    int Version,
    string? RouteArm,
    string Model,
    long Executions,
    double Share,
    double? ErrorRate,
    double? P50LatencyMs,
    double? P95LatencyMs,
    double? P99LatencyMs,
    decimal CostUsd,
    QualitySummary Feedback,
    QualitySummary Automated);

/// <summary>A prompt's metrics split by version and series.</summary>
public static class VersionBreakdown
{
    /// <summary>Newest version first; within a version by arm (none first), then model.</summary>
    public static IReadOnlyList<SeriesRow> Rows(MetricsWindow window)
    {
        var total = window.BySeries.Values.Sum(s => s.Count);
        return window.BySeries
            .OrderByDescending(s => s.Key.PromptVersion)
            .ThenBy(s => s.Key.RouteArm ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Model, StringComparer.Ordinal)
            .Select(s => Row(s.Key, s.Value, total))
            .ToArray();
    }

    /// <summary>
    /// The versions to chart, oldest first: the <paramref name="max"/> with the most executions (ties
    /// to the newer version), so a long-lived prompt does not draw a line for every version it ever had.
    /// </summary>
    public static IReadOnlyList<int> ChartedVersions(MetricsWindow window, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return window.BySeries
            .GroupBy(s => s.Key.PromptVersion)
            .Select(g => (Version: g.Key, Count: g.Sum(s => s.Value.Count), Scored: g.Sum(s => s.Value.FeedbackQuality.Count + s.Value.AutomatedQuality.Count)))
            .OrderByDescending(v => v.Count).ThenByDescending(v => v.Scored).ThenByDescending(v => v.Version)
            .Take(max)
            .Select(v => v.Version)
            .Order()
            .ToArray();
    }

    /// <summary>How many versions ran in the window.</summary>
    public static int VersionCount(MetricsWindow window) => window.BySeries.Keys.Select(k => k.PromptVersion).Distinct().Count();

    private static SeriesRow Row(MetricSeriesKey key, ExecutionStats stats, long total) => new(
        key.PromptVersion,
        key.RouteArm,
        key.Model,
        stats.Count,
        total == 0 ? 0 : (double)stats.Count / total,
        stats.ErrorRate(),
        stats.LatencyMs.Quantile(0.50),
        stats.LatencyMs.Quantile(0.95),
        stats.LatencyMs.Quantile(0.99),
        stats.CostUsd,
        QualitySummary.Of(stats.FeedbackQuality),
        QualitySummary.Of(stats.AutomatedQuality));
}
