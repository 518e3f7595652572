using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Metrics;

/// <summary>One stored bin of <see cref="QualityScoreBins"/>: the scores in [Bin / 100, (Bin + 1) / 100).</summary>
public readonly record struct QualityBin(int Bin, long Count);

/// <summary>
/// Quality scores counted by 0.01 bin on the 0..1 scale (bin 100 holds exactly 1), so "how many scores were at or
/// above a threshold" can be answered after the fact and merged exactly across buckets and instances, which a sum and
/// a count cannot. Automated scores are on that scale already; people's feedback (1–5) counts as (score − 1) / 4,
/// which lands exactly on bins 0, 25, 50, 75 and 100. Not thread-safe; the owner serializes access.
/// </summary>
public sealed class QualityScoreBins
{
    public const int BinsPerUnit = 100;

    // Scores like 0.29 are 28.999… bins in binary floating point; the nudge puts them in the bin they name.
    private const double Nudge = 1e-9;

    private readonly long[] _bins = new long[BinsPerUnit + 1];

    public long Total { get; private set; }

    /// <summary>The score on the 0..1 scale: feedback (1–5) as (score − 1) / 4, automated as it is; clamped to 0..1.</summary>
    public static double Normalize(QualitySource source, double score) =>
        Math.Clamp(source == QualitySource.Feedback ? (score - 1) / 4 : score, 0, 1);

    public static int BinOf(double normalizedScore) =>
        Math.Clamp((int)Math.Floor(normalizedScore * BinsPerUnit + Nudge), 0, BinsPerUnit);

    public void Add(QualitySource source, double score)
    {
        if (!double.IsFinite(score))
            throw new ArgumentOutOfRangeException(nameof(score), score, "Quality scores must be finite.");
        _bins[BinOf(Normalize(source, score))]++;
        Total++;
    }

    /// <summary>
    /// How many scores were at or above <paramref name="threshold"/> (0..1 scale). A threshold between two bins
    /// counts from the next bin up: at 0.805 a score of 0.80 counts as below, and so does 0.807.
    /// </summary>
    public long AtOrAbove(double threshold)
    {
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A threshold is a number.");
        if (threshold <= 0)
            return Total;
        if (threshold > 1)
            return 0;

        var first = Math.Clamp((int)Math.Ceiling(threshold * BinsPerUnit - Nudge), 0, BinsPerUnit);
        long count = 0;
        for (var bin = first; bin <= BinsPerUnit; bin++)
            count += _bins[bin];
        return count;
    }

    public long CountOfBin(int bin) => bin is >= 0 and <= BinsPerUnit ? _bins[bin] : 0;

    public void Merge(QualityScoreBins other)
    {
        ArgumentNullException.ThrowIfNull(other);
        // Read before adding, so merging the bins into themselves doubles them.
        var source = ReferenceEquals(other, this) ? (long[])_bins.Clone() : other._bins;
        var added = other.Total;
        for (var bin = 0; bin <= BinsPerUnit; bin++)
            _bins[bin] += source[bin];
        Total += added;
    }

    /// <summary>The non-empty bins in order.</summary>
    public IReadOnlyList<QualityBin> ToSnapshot()
    {
        var bins = new List<QualityBin>();
        for (var bin = 0; bin <= BinsPerUnit; bin++)
        {
            if (_bins[bin] > 0)
                bins.Add(new QualityBin(bin, _bins[bin]));
        }

        return bins;
    }

    /// <summary>Rebuilds the bins; refuses bins out of range, repeated or with a count below 1.</summary>
    public static Result<QualityScoreBins> FromSnapshot(IReadOnlyList<QualityBin>? snapshot)
    {
        var bins = new QualityScoreBins();
        foreach (var bin in snapshot ?? [])
        {
            if (bin.Bin is < 0 or > BinsPerUnit || bin.Count <= 0 || bins._bins[bin.Bin] != 0)
            {
                return Error.Validation("invalid-stats-snapshot", "The execution statistics snapshot is inconsistent.",
                    [new FieldError("qualityBins", $"Bin {bin.Bin} with count {bin.Count} is out of 0..{BinsPerUnit}, empty or repeated.")]);
            }

            bins._bins[bin.Bin] = bin.Count;
            bins.Total += bin.Count;
        }

        return bins;
    }
}
