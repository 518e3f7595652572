namespace PromptConsole.Domain.Caching;

/// <summary>At one threshold: the matches that would have been served, how many were wrong, and how wrong it could be.</summary>
public sealed record FalseHitRow(double Threshold, int Samples, int FalseHits, double? FalseHitRate, double UpperBound);

public sealed record FalseHitEstimateResult(double TargetFalseHitRate, int MinimumSamples, double? RecommendedThreshold, IReadOnlyList<FalseHitRow> Rows);

/// <summary>
/// The false-hit estimate per threshold (0.80, 0.81, …, 0.99): for each threshold the samples at or above it, the false
/// hits among them, their rate and its Wilson 95 % upper bound. The recommended threshold is the lowest one whose upper
/// bound is at most the target with at least the minimum number of samples — the loosest setting the evidence supports.
/// None when no threshold qualifies (too few samples, or too many false hits everywhere).
/// </summary>
public static class FalseHitEstimate
{
    public const double DefaultTargetFalseHitRate = 0.02;
    public const int DefaultMinimumSamples = 30;
    public const int LowestThresholdPercent = 80;
    public const int HighestThresholdPercent = 99;

    /// <summary>0.80 … 0.99 in steps of 0.01, computed from whole percents so the values are exact decimals.</summary>
    public static IReadOnlyList<double> Thresholds { get; } =
        [.. Enumerable.Range(LowestThresholdPercent, HighestThresholdPercent - LowestThresholdPercent + 1).Select(percent => percent / 100.0)];

    public static FalseHitEstimateResult Compute(
        IEnumerable<SemanticSample> samples,
        double targetFalseHitRate = DefaultTargetFalseHitRate,
        int minimumSamples = DefaultMinimumSamples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(targetFalseHitRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetFalseHitRate, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSamples);

        var all = samples.ToArray();
        var rows = new List<FalseHitRow>(Thresholds.Count);
        double? recommended = null;
        foreach (var threshold in Thresholds)
        {
            int count = 0, falseHits = 0;
            foreach (var sample in all)
            {
                // A tiny tolerance: 0.9 stored as a double may read 0.8999999; the cache compares the same way.
                if (sample.Similarity + 1e-9 >= threshold)
                {
                    count++;
                    if (sample.FalseHit)
                    {
                        falseHits++;
                    }
                }
            }

            var upperBound = WilsonInterval.UpperBound(falseHits, count);
            rows.Add(new FalseHitRow(threshold, count, falseHits, count == 0 ? null : (double)falseHits / count, upperBound));
            if (recommended is null && count >= minimumSamples && count > 0 && upperBound <= targetFalseHitRate)
            {
                recommended = threshold;
            }
        }

        return new FalseHitEstimateResult(targetFalseHitRate, minimumSamples, recommended, rows);
    }
}
