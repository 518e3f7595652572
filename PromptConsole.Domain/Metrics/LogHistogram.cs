using System.Runtime.InteropServices;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Metrics;

/// <summary>
/// A log-scale histogram with bounded relative error (the DDSketch mapping): a value x &gt; the
/// minimum indexable value lands in bucket ceil(log_γ(x)) with γ = (1+α)/(1−α), so every quantile
/// it reports is within α of the true value relative to that value. Values at or below the minimum
/// indexable value share one zero bucket (absolute error at most that minimum).
/// Buckets are plain counts, so merging is exact: merging two histograms gives bucket for bucket
/// what adding all their values to one would. Not thread-safe; the owner serializes access.
/// </summary>
public sealed class LogHistogram
{
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>One nanosecond when values are milliseconds: anything shorter is indistinguishable from zero.</summary>
    public const double DefaultMinIndexableValue = 1e-6;

    /// <summary>Below this the bucket index of the largest double would overflow an int.</summary>
    public const double MinRelativeAccuracy = 1e-6;

    public const double MaxRelativeAccuracy = 0.5;

    private readonly Dictionary<int, long> _buckets = [];
    private readonly double _logGamma;

    public LogHistogram(double relativeAccuracy = DefaultRelativeAccuracy, double minIndexableValue = DefaultMinIndexableValue)
    {
        if (!IsValidRelativeAccuracy(relativeAccuracy))
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, $"Relative accuracy must lie between {MinRelativeAccuracy} and {MaxRelativeAccuracy}.");
        if (!IsValidMinIndexableValue(minIndexableValue))
            throw new ArgumentOutOfRangeException(nameof(minIndexableValue), minIndexableValue, "The minimum indexable value must be positive and finite.");

        RelativeAccuracy = relativeAccuracy;
        MinIndexableValue = minIndexableValue;
        Gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(Gamma);
    }

    public double RelativeAccuracy { get; }

    public double MinIndexableValue { get; }

    public double Gamma { get; }

    public long Count { get; private set; }

    /// <summary>How many values were at or below <see cref="MinIndexableValue"/>.</summary>
    public long ZeroCount { get; private set; }

    public double Sum { get; private set; }

    public double? Min { get; private set; }

    public double? Max { get; private set; }

    public double? Mean => Count == 0 ? null : Sum / Count;

    /// <summary>How many non-zero buckets hold values; a measure of the histogram's size.</summary>
    public int BucketCount => _buckets.Count;

    public static bool IsValidRelativeAccuracy(double relativeAccuracy) =>
        relativeAccuracy is >= MinRelativeAccuracy and <= MaxRelativeAccuracy;

    private static bool IsValidMinIndexableValue(double minIndexableValue) =>
        double.IsFinite(minIndexableValue) && minIndexableValue > 0;

    /// <summary>Adds one value. Negative, infinite or NaN values are a caller bug (latencies and sizes are never negative).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "Histogram values must be finite and non-negative.");

        if (value <= MinIndexableValue)
            ZeroCount++;
        else
            CollectionsMarshal.GetValueRefOrAddDefault(_buckets, BucketIndex(value), out _)++;

        Count++;
        Sum += value;
        Min = Min is { } min ? Math.Min(min, value) : value;
        Max = Max is { } max ? Math.Max(max, value) : value;
    }

    /// <summary>The bucket a value above <see cref="MinIndexableValue"/> lands in: it covers (γ^(i−1), γ^i].</summary>
    public int BucketIndex(double value) => (int)Math.Ceiling(Math.Log(value) / _logGamma);

    /// <summary>The value reported for bucket i: the point of (γ^(i−1), γ^i] whose relative distance to both ends is α.</summary>
    public double BucketValue(int index) => 2 * Math.Pow(Gamma, index) / (Gamma + 1);

    /// <summary>
    /// The lower q-quantile (the value at rank ⌊q·(n−1)⌋ of the sorted values) within
    /// <see cref="RelativeAccuracy"/> of the true value; null when the histogram is empty.
    /// </summary>
    public double? Quantile(double q)
    {
        if (double.IsNaN(q) || q < 0 || q > 1)
            throw new ArgumentOutOfRangeException(nameof(q), q, "A quantile lies between 0 and 1.");
        if (Count == 0)
            return null;

        var rank = (long)Math.Floor(q * (Count - 1));
        if (rank < ZeroCount)
            return Min!.Value;

        var cumulative = ZeroCount;
        foreach (var index in SortedIndexes())
        {
            cumulative += _buckets[index];
            if (cumulative > rank)
                return Math.Clamp(BucketValue(index), Min!.Value, Max!.Value);
        }

        return Max!.Value;
    }

    /// <summary>
    /// How many values were below <paramref name="threshold"/> (a latency SLO's good events). Exact when the threshold
    /// is at or below the minimum or above the maximum; otherwise a bucket counts as below when its reported value is,
    /// so only values within <see cref="RelativeAccuracy"/> of the threshold can land on the wrong side.
    /// </summary>
    public long CountBelow(double threshold)
    {
        if (double.IsNaN(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A threshold is a number.");
        if (Count == 0 || threshold <= Min!.Value)
            return 0;
        if (threshold > Max!.Value)
            return Count;

        var below = threshold > MinIndexableValue ? ZeroCount : 0;
        foreach (var (index, count) in _buckets)
        {
            if (BucketValue(index) < threshold)
                below += count;
        }

        return below;
    }

    /// <summary>
    /// Adds every value of <paramref name="other"/> to this histogram. Histograms with a different
    /// accuracy or zero threshold have incompatible buckets and are refused, leaving this one unchanged.
    /// </summary>
    public Result<LogHistogram> Merge(LogHistogram other)
    {
        if (!IsCompatibleWith(other))
        {
            return Error.Conflict(
                "histogram-accuracy-mismatch",
                $"Cannot merge a histogram with relative accuracy {other.RelativeAccuracy} and minimum {other.MinIndexableValue} into one with {RelativeAccuracy} and {MinIndexableValue}.");
        }

        if (other.Count == 0)
            return this;

        IEnumerable<KeyValuePair<int, long>> source = ReferenceEquals(other, this) ? _buckets.ToArray() : other._buckets;
        foreach (var (index, count) in source)
            CollectionsMarshal.GetValueRefOrAddDefault(_buckets, index, out _) += count;

        ZeroCount += other.ZeroCount;
        Count += other.Count;
        Sum += other.Sum;
        Min = Min is { } min ? Math.Min(min, other.Min!.Value) : other.Min;
        Max = Max is { } max ? Math.Max(max, other.Max!.Value) : other.Max;
        return this;
    }

    public bool IsCompatibleWith(LogHistogram other) =>
        other.RelativeAccuracy == RelativeAccuracy && other.MinIndexableValue == MinIndexableValue;

    /// <summary>An empty histogram with the same accuracy, for building merges without touching the inputs.</summary>
    public LogHistogram EmptyLike() => new(RelativeAccuracy, MinIndexableValue);

    public LogHistogram Copy()
    {
        var copy = EmptyLike();
        copy.Merge(this);
        return copy;
    }

    /// <summary>A compact form for persistence: the non-empty buckets in index order plus the totals.</summary>
    public LogHistogramSnapshot ToSnapshot() => new(
        RelativeAccuracy,
        MinIndexableValue,
        Count,
        Sum,
        Min,
        Max,
        ZeroCount,
        SortedIndexes().Select(index => new HistogramBucket(index, _buckets[index])).ToArray());

    /// <summary>Rebuilds a histogram from its snapshot, refusing snapshots whose parts disagree (a damaged or hand-edited rollup).</summary>
    public static Result<LogHistogram> FromSnapshot(LogHistogramSnapshot snapshot)
    {
        if (!IsValidRelativeAccuracy(snapshot.RelativeAccuracy))
            return Invalid("relativeAccuracy", $"Relative accuracy must lie between {MinRelativeAccuracy} and {MaxRelativeAccuracy}.");
        if (!IsValidMinIndexableValue(snapshot.MinIndexableValue))
            return Invalid("minIndexableValue", "The minimum indexable value must be positive and finite.");
        if (snapshot.ZeroCount < 0 || snapshot.Count < 0)
            return Invalid("count", "Counts cannot be negative.");

        var histogram = new LogHistogram(snapshot.RelativeAccuracy, snapshot.MinIndexableValue);
        var total = snapshot.ZeroCount;
        foreach (var bucket in snapshot.Buckets ?? [])
        {
            if (bucket.Count <= 0)
                return Invalid("buckets", $"Bucket {bucket.Index} has a count of {bucket.Count}; stored buckets hold at least one value.");
            if (!histogram._buckets.TryAdd(bucket.Index, bucket.Count))
                return Invalid("buckets", $"Bucket {bucket.Index} appears twice.");
            total += bucket.Count;
        }

        if (total != snapshot.Count)
            return Invalid("count", $"The buckets hold {total} values but the count says {snapshot.Count}.");

        var hasValues = snapshot.Count > 0;
        if (hasValues != snapshot.Min.HasValue || hasValues != snapshot.Max.HasValue)
            return Invalid("min", "Min and max are present exactly when the histogram holds values.");
        if (hasValues && !(snapshot.Min <= snapshot.Max && snapshot.Min >= 0 && double.IsFinite(snapshot.Max!.Value)))
            return Invalid("min", "Min and max must be finite, non-negative and in order.");
        if (!double.IsFinite(snapshot.Sum) || snapshot.Sum < 0)
            return Invalid("sum", "The sum must be finite and non-negative.");

        histogram.ZeroCount = snapshot.ZeroCount;
        histogram.Count = snapshot.Count;
        histogram.Sum = snapshot.Sum;
        histogram.Min = snapshot.Min;
        histogram.Max = snapshot.Max;
        return histogram;
    }

    private static Error Invalid(string field, string message) =>
        Error.Validation("invalid-histogram-snapshot", "The histogram snapshot is inconsistent.", [new FieldError(field, message)]);

    private IEnumerable<int> SortedIndexes()
    {
        var indexes = _buckets.Keys.ToArray();
        Array.Sort(indexes);
        return indexes;
    }
}

/// <summary>One stored bucket: the values in (γ^(Index−1), γ^Index].</summary>
public readonly record struct HistogramBucket(int Index, long Count);

/// <summary>The persisted form of a <see cref="LogHistogram"/>; buckets are sparse and in index order.</summary>
public sealed record LogHistogramSnapshot(
    double RelativeAccuracy,
    double MinIndexableValue,
    long Count,
    double Sum,
    double? Min,
    double? Max,
    long ZeroCount,
    IReadOnlyList<HistogramBucket> Buckets);
