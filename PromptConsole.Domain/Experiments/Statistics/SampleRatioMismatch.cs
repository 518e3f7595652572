namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// The chi-square goodness-of-fit of the arms' counts to their weights. <see cref="Mismatch"/> means the split
/// is so unlikely under the configured weights that assignment or logging is broken and the experiment's
/// results should not be read.
/// </summary>
public sealed record SampleRatioMismatchResult(double ChiSquare, int DegreesOfFreedom, double PValue, bool Mismatch);

/// <summary>
/// Sample-ratio mismatch check (as GrowthBook's <c>check_srm</c>): Σ (observed − expected)² / expected over
/// the arms, expected = total × weight / Σ weights, against chi-square with arms − 1 degrees of freedom.
/// </summary>
public static class SampleRatioMismatch
{
    /// <summary>
    /// p &lt; 0.001 flags a mismatch, GrowthBook's default: the check runs on every look at every experiment,
    /// so a loose threshold would raise false alarms constantly, while real assignment bugs give p-values far
    /// smaller than this.
    /// </summary>
    public const double DefaultThreshold = 0.001;

    /// <summary>
    /// Checks observed counts against weights (any positive scale: 50/50, 0.5/0.5 and 1/1 are the same).
    /// No observations at all give χ² = 0, p = 1, no mismatch. An arm with weight 0 expects nothing: it is left
    /// out of the sum, as GrowthBook skips it, and also out of the degrees of freedom, which GrowthBook keeps
    /// at arms − 1 (overstating them, so slightly too lenient). Its observations still count in the total, so
    /// traffic leaking into it shows up as a shortfall in the other arms. With fewer than two weighted arms
    /// there is nothing to compare: p = 1.
    /// </summary>
    public static SampleRatioMismatchResult Check(ReadOnlySpan<long> counts, ReadOnlySpan<double> weights, double threshold = DefaultThreshold)
    {
        if (counts.Length != weights.Length)
            throw new ArgumentException("There must be one weight for each arm's count.", nameof(weights));
        if (!(threshold > 0 && threshold < 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold lies strictly between 0 and 1.");

        long total = 0;
        double totalWeight = 0;
        var weightedArms = 0;
        for (var arm = 0; arm < counts.Length; arm++)
        {
            if (counts[arm] < 0)
                throw new ArgumentOutOfRangeException(nameof(counts), counts[arm], "Counts are not negative.");
            if (!double.IsFinite(weights[arm]) || weights[arm] < 0)
                throw new ArgumentOutOfRangeException(nameof(weights), weights[arm], "Weights are finite and not negative.");

            total += counts[arm];
            totalWeight += weights[arm];
            if (weights[arm] > 0)
                weightedArms++;
        }

        var degreesOfFreedom = Math.Max(0, weightedArms - 1);
        if (total == 0 || degreesOfFreedom == 0)
            return new SampleRatioMismatchResult(0, degreesOfFreedom, 1, false);

        double chiSquare = 0;
        for (var arm = 0; arm < counts.Length; arm++)
        {
            if (weights[arm] <= 0)
                continue;
            var expected = total * weights[arm] / totalWeight;
            var deviation = counts[arm] - expected;
            chiSquare += deviation * deviation / expected;
        }

        var pValue = Probability.ChiSquareUpperTail(chiSquare, degreesOfFreedom);
        return new SampleRatioMismatchResult(chiSquare, degreesOfFreedom, pValue, pValue < threshold);
    }
}
