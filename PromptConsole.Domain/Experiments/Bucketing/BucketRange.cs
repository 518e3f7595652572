namespace PromptConsole.Domain.Experiments.Bucketing;

/// <summary>A slice of hash space, start inclusive and end exclusive (GrowthBook's <c>inRange</c>).</summary>
public readonly record struct BucketRange(double Start, double End)
{
    public double Width => End - Start;

    public bool Contains(double position) => position >= Start && position < End;
}

/// <summary>GrowthBook's <c>getBucketRanges</c> and <c>chooseVariation</c>, with weights normalised to sum to 1.</summary>
public static class BucketRanges
{
    /// <summary>
    /// One range per weight. Each arm owns the slice [cumulative, cumulative + weight) of hash space and
    /// enrols only its first <paramref name="coverage"/> share of it, so lowering coverage never moves an
    /// enrolled subject to another arm. Coverage is clamped into [0, 1] as GrowthBook does.
    /// </summary>
    /// <remarks>
    /// GrowthBook falls back to equal weights when they do not sum to about 1; here any non-negative
    /// weights with a positive sum are normalised (50/50 and 1/1 mean the same), and only weights that
    /// cannot be normalised (negative, not finite, zero sum) fall back to equal ones.
    /// </remarks>
    public static BucketRange[] Compute(ReadOnlySpan<double> weights, double coverage)
    {
        coverage = double.IsNaN(coverage) ? 0 : Math.Clamp(coverage, 0, 1);
        var total = 0d;
        var normalisable = true;
        foreach (var weight in weights)
        {
            normalisable &= double.IsFinite(weight) && weight >= 0;
            total += weight;
        }

        normalisable &= total > 0 && double.IsFinite(total);
        var ranges = new BucketRange[weights.Length];
        var cumulative = 0d;
        for (var i = 0; i < weights.Length; i++)
        {
            var share = normalisable ? weights[i] / total : 1d / weights.Length;
            var start = cumulative;
            cumulative += share;
            ranges[i] = new BucketRange(start, start + (coverage * share));
        }

        return ranges;
    }

    /// <summary>The index of the first range holding <paramref name="position"/>, or −1: not in the experiment.</summary>
    public static int ChooseVariation(double position, ReadOnlySpan<BucketRange> ranges)
    {
        for (var i = 0; i < ranges.Length; i++)
        {
            if (ranges[i].Contains(position))
                return i;
        }

        return -1;
    }
}
