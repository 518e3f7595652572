using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Metrics;

/// <summary>The aggregate of one series in one bucket of one tier.</summary>
public sealed record Rollup(MetricSeriesKey Key, RollupTier Tier, DateTimeOffset BucketStart, ExecutionStats Stats);

/// <summary>Builds the rollups of one tier from observations as they happen; one per instance.</summary>
public sealed class RollupAccumulator
{
    private readonly Dictionary<(MetricSeriesKey Key, DateTimeOffset BucketStart), ExecutionStats> _buckets = [];
    private readonly double _latencyRelativeAccuracy;

    public RollupAccumulator(RollupTier tier, double latencyRelativeAccuracy = LogHistogram.DefaultRelativeAccuracy)
    {
        Tier = tier;
        _latencyRelativeAccuracy = latencyRelativeAccuracy;
    }

    public RollupTier Tier { get; }

    public void Add(ExecutionObservation observation, DateTimeOffset at)
    {
        var bucket = (observation.Key, Tier.BucketStart(at));
        if (!_buckets.TryGetValue(bucket, out var stats))
        {
            stats = new ExecutionStats(_latencyRelativeAccuracy);
            _buckets.Add(bucket, stats);
        }

        stats.Add(observation);
    }

    /// <summary>The rollups so far, ordered by bucket start then key, each a copy the caller may keep.</summary>
    public IReadOnlyList<Rollup> Rollups() => _buckets
        .OrderBy(entry => entry.Key.BucketStart)
        .ThenBy(entry => entry.Key.Key.PromptKey, StringComparer.Ordinal)
        .ThenBy(entry => entry.Key.Key.PromptVersion)
        .ThenBy(entry => entry.Key.Key.RouteArm, StringComparer.Ordinal)
        .ThenBy(entry => entry.Key.Key.Model, StringComparer.Ordinal)
        .Select(entry => new Rollup(entry.Key.Key, Tier, entry.Key.BucketStart, entry.Value.Copy()))
        .ToArray();
}

/// <summary>
/// Combines rollups reported by several instances: rollups of the same series, tier and bucket
/// merge into one, which equals the rollup of all their observations together. Inputs are not changed.
/// </summary>
public static class RollupMerger
{
    public static Result<IReadOnlyList<Rollup>> Merge(IEnumerable<Rollup> rollups)
    {
        var merged = new Dictionary<(MetricSeriesKey Key, RollupTier Tier, DateTimeOffset BucketStart), ExecutionStats>();
        var order = new List<(MetricSeriesKey Key, RollupTier Tier, DateTimeOffset BucketStart)>();
        foreach (var rollup in rollups)
        {
            if (!rollup.Tier.IsAligned(rollup.BucketStart))
            {
                return Error.Validation(
                    "rollup-bucket-misaligned",
                    $"A {rollup.Tier.Name} rollup of '{rollup.Key.PromptKey}' starts at {rollup.BucketStart:O}, which is not a {rollup.Tier.Name} bucket boundary.");
            }

            // UTC-normalized starts so the same instant written with different offsets is one bucket.
            var bucket = (rollup.Key, rollup.Tier, new DateTimeOffset(rollup.BucketStart.UtcTicks, TimeSpan.Zero));
            if (!merged.TryGetValue(bucket, out var stats))
            {
                stats = rollup.Stats.EmptyLike();
                merged.Add(bucket, stats);
                order.Add(bucket);
            }

            var result = stats.Merge(rollup.Stats);
            if (!result.IsSuccess)
                return result.Error!;
        }

        return order.Select(bucket => new Rollup(bucket.Key, bucket.Tier, bucket.BucketStart, merged[bucket])).ToArray();
    }
}
