namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// What the statistics need to know about one arm's values of a metric (latency, cost, a score): how many,
/// their mean and their sample variance (n − 1 denominator). Arms are stored as running count, sum and sum of
/// squares, which merge exactly across buckets and instances; <see cref="FromSums"/> turns those into this.
/// </summary>
public readonly record struct SampleSummary
{
    public SampleSummary(long count, double mean, double variance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!double.IsFinite(mean))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be a finite number.");
        if (!double.IsFinite(variance) || variance < 0)
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be finite and not negative.");

        Count = count;
        Mean = count == 0 ? 0 : mean;
        Variance = count < 2 ? 0 : variance;
    }

    public long Count { get; }

    public double Mean { get; }

    /// <summary>The sample variance (n − 1 denominator); 0 below two observations, where it is undefined.</summary>
    public double Variance { get; }

    /// <summary>
    /// From a count, a sum and a sum of squares. The variance (Σx² − (Σx)²/n) / (n − 1) can come out a hair
    /// below zero through rounding when all values are equal; it is clamped to 0 rather than rejected.
    /// </summary>
    public static SampleSummary FromSums(long count, double sum, double sumOfSquares)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
            return new SampleSummary(0, 0, 0);

        var mean = sum / count;
        var variance = count < 2 ? 0 : Math.Max(0, (sumOfSquares - sum * mean) / (count - 1));
        return new SampleSummary(count, mean, variance);
    }
}
