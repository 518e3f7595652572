using System.Diagnostics;

namespace PromptConsole.Bench.Load;

/// <summary>Percentiles of a set of durations (nearest-rank on the sorted samples), in milliseconds.</summary>
internal sealed record LatencyDistribution(int Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static readonly LatencyDistribution Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Sorts <paramref name="ticks"/> in place.</summary>
    public static LatencyDistribution FromStopwatchTicks(Span<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            return Empty;
        }

        ticks.Sort();
        double sum = 0;
        foreach (long value in ticks)
        {
            sum += value;
        }

        return new LatencyDistribution(
            ticks.Length,
            ToMilliseconds(NearestRank(ticks, 0.50)),
            ToMilliseconds(NearestRank(ticks, 0.90)),
            ToMilliseconds(NearestRank(ticks, 0.99)),
            ToMilliseconds(ticks[^1]),
            sum / ticks.Length * 1000.0 / Stopwatch.Frequency);
    }

    private static long NearestRank(ReadOnlySpan<long> sorted, double quantile)
    {
        int rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
