using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Tests.Components;

/// <summary>Metrics windows built by hand, point by point, so every expected figure can be worked out on paper.</summary>
internal static class MetricsWindows
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A window whose point i starts at <see cref="Start"/> + i × <paramref name="resolution"/> and
    /// holds <paramref name="points"/>[i]; it ends <paramref name="lastElapsed"/> into its last point
    /// (the whole last point when null).
    /// </summary>
    public static MetricsWindow Of(TimeSpan resolution, TimeSpan? lastElapsed, params ExecutionObservation[][] points)
    {
        var stats = points.Select(Aggregate).ToArray();
        var total = new ExecutionStats();
        foreach (var point in stats)
            total.Merge(point);

        var bySeries = points.SelectMany(p => p).GroupBy(o => o.Key).ToDictionary(g => g.Key, g => Aggregate(g.ToArray()));
        var to = Start + resolution * Math.Max(0, points.Length - 1) + (lastElapsed ?? resolution);
        var chartPoints = stats.Select((s, i) => new MetricsPoint(Start + resolution * i, s)).ToArray();
        return new MetricsWindow(Start, to, resolution, resolution < TimeSpan.FromMinutes(1) ? "live" : "1m", total, chartPoints, bySeries);
    }

    /// <summary>One-second points covering the whole of each second.</summary>
    public static MetricsWindow Seconds(params ExecutionObservation[][] points) => Of(TimeSpan.FromSeconds(1), null, points);

    public static ExecutionObservation[] Repeat(int count, ExecutionObservation observation) => Enumerable.Repeat(observation, count).ToArray();

    public static ExecutionObservation[] None => [];

    private static ExecutionStats Aggregate(ExecutionObservation[] observations)
    {
        var stats = new ExecutionStats();
        foreach (var observation in observations)
            stats.Add(observation);
        return stats;
    }
}
