using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>
/// Chart points from a <see cref="MetricsWindow"/>. Counts become rates by dividing by how long each
/// point covers: its resolution, except the newest point, which covers only the time elapsed in it
/// (at least a second) — otherwise the current minute of a 1-minute rollup would always dip.
/// Points with no executions have no latency or error rate (a gap), but a rate of zero.
/// </summary>
public static class MetricsSeries
{
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    /// <summary>How much time the window's points cover together; at least a second.</summary>
    public static TimeSpan Covered(MetricsWindow window)
    {
        var covered = window.To - window.From;
        return covered < Shortest ? Shortest : covered;
    }

    /// <summary>How long point <paramref name="index"/> of the window covers.</summary>
    public static TimeSpan PointDuration(MetricsWindow window, int index)
    {
        if (index < window.Points.Count - 1)
            return window.Resolution;

        var elapsed = window.To - window.Points[index].Start;
        return elapsed < Shortest ? Shortest : elapsed > window.Resolution ? window.Resolution : elapsed;
    }

    public static IReadOnlyList<ChartPoint> RequestRate(MetricsWindow window) =>
        Map(window, (stats, duration) => stats.Count / duration.TotalSeconds);

    public static IReadOnlyList<ChartPoint> Latency(MetricsWindow window, double quantile) =>
        Map(window, (stats, _) => stats.LatencyMs.Quantile(quantile));

    public static IReadOnlyList<ChartPoint> ErrorRate(MetricsWindow window) =>
        Map(window, (stats, _) => stats.ErrorRate());

    public static IReadOnlyList<ChartPoint> CostPerMinute(MetricsWindow window) =>
        Map(window, (stats, duration) => (double)stats.CostUsd / duration.TotalMinutes);

    public static IReadOnlyList<ChartPoint> TokensPerMinute(MetricsWindow window, Func<ExecutionStats, long> tokens) =>
        Map(window, (stats, duration) => tokens(stats) / duration.TotalMinutes);

    /// <summary>Executions per second over the whole window.</summary>
    public static double RequestRateOverall(MetricsWindow window) => window.Total.Count / Covered(window).TotalSeconds;

    public static decimal CostPerMinuteOverall(MetricsWindow window) => window.Total.CostUsd * 60 / (decimal)Covered(window).TotalSeconds;

    public static double TokensPerMinuteOverall(MetricsWindow window, Func<ExecutionStats, long> tokens) =>
        tokens(window.Total) / Covered(window).TotalMinutes;

    private static ChartPoint[] Map(MetricsWindow window, Func<ExecutionStats, TimeSpan, double?> value)
    {
        var points = new ChartPoint[window.Points.Count];
        for (var i = 0; i < points.Length; i++)
        {
            var point = window.Points[i];
            points[i] = new ChartPoint(point.Start.UtcDateTime, value(point.Stats, PointDuration(window, i)));
        }

        return points;
    }
}
