namespace PromptConsole.Domain.Reports;

/// <summary>
/// Exact percentiles by the nearest-rank method: the p-th percentile of n sorted values is the value at 1-based rank
/// ⌈p × n⌉ (at least 1). Always a latency that really happened, never an interpolation between two; and it can be read
/// from values arriving in order without keeping them, which is how the daily report reads a day of executions.
/// </summary>
public static class NearestRank
{
    public static long RankOf(double percentile, long count)
    {
        if (count <= 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, "No values, no rank.");
        if (percentile is <= 0 or > 1 || double.IsNaN(percentile))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is a fraction in (0, 1].");

        // The small epsilon keeps 0.95 × 100 (94.99999… in binary) at rank 95 instead of 96.
        var rank = (long)Math.Ceiling((percentile * count) - 1e-9);
        return Math.Clamp(rank, 1, count);
    }

    /// <summary>The percentile of values already sorted ascending (for tests and small lists).</summary>
    public static double Of(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted[(int)RankOf(percentile, sorted.Count) - 1];
    }
}

/// <summary>
/// Picks the p50, p95 and p99 from a stream of values in ascending order whose count is known beforehand, in
/// constant memory: each value is looked at once and only the three at their ranks are kept.
/// </summary>
public sealed class SortedStreamPercentiles
{
    private readonly long _rank50;
    private readonly long _rank95;
    private readonly long _rank99;
    private long _seen;
    private double _last = double.NegativeInfinity;

    public SortedStreamPercentiles(long count)
    {
        Count = count;
        if (count <= 0)
            return;
        _rank50 = NearestRank.RankOf(0.50, count);
        _rank95 = NearestRank.RankOf(0.95, count);
        _rank99 = NearestRank.RankOf(0.99, count);
    }

    public long Count { get; }

    public double? P50 { get; private set; }

    public double? P95 { get; private set; }

    public double? P99 { get; private set; }

    public void Add(double value)
    {
        if (value < _last)
            throw new InvalidOperationException($"Values must arrive in ascending order ({value} after {_last}).");
        _last = value;
        _seen++;
        if (_seen > Count)
            throw new InvalidOperationException($"More than the {Count} values announced arrived.");
        if (_seen == _rank50)
            P50 = value;
        if (_seen == _rank95)
            P95 = value;
        if (_seen == _rank99)
            P99 = value;
    }
}
