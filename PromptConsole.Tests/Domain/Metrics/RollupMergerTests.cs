using PromptConsole.Domain.Metrics;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class RollupMergerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-03-10T11:58:30Z");

    public static TheoryData<string, int, int> UnionCases() => new()
    {
        { "1m", 2, 3 },
        { "1m", 4, 5 },
        { "5m", 3, 7 },
        { "1h", 2, 9 },
        { "1d", 3, 13 },
    };

    [Theory]
    [MemberData(nameof(UnionCases))]
    public void Merging_instance_rollups_equals_rolling_up_the_union_of_their_observations(string tierName, int instances, int seed)
    {
        var tier = RollupTier.Defaults.Single(t => t.Name == tierName);
        var random = new Random(seed);
        var perInstance = Enumerable.Range(0, instances).Select(_ => new RollupAccumulator(tier)).ToArray();
        var union = new RollupAccumulator(tier);
        foreach (var observation in RandomObservations(3_000, seed))
        {
            // Spread over a little more than a day so every tier has several buckets.
            var at = T0.AddSeconds(random.Next(0, 26 * 3600));
            perInstance[random.Next(instances)].Add(observation, at);
            union.Add(observation, at);
        }

        var merged = RollupMerger.Merge(perInstance.SelectMany(instance => instance.Rollups()));

        Assert.True(merged.IsSuccess, merged.Error?.Message);
        var expected = union.Rollups().ToDictionary(r => (r.Key, r.BucketStart));
        Assert.Equal(expected.Count, merged.Value.Count);
        foreach (var rollup in merged.Value)
        {
            Assert.Equal(tier, rollup.Tier);
            AssertSameStats(expected[(rollup.Key, rollup.BucketStart)].Stats, rollup.Stats);
        }
    }

    [Fact]
    public void Rollups_of_different_tiers_or_series_stay_apart_and_inputs_are_untouched()
    {
        var bucket = DateTimeOffset.Parse("2026-03-10T00:00:00Z");
        var minute = new Rollup(Key(), RollupTier.OneMinute, bucket, StatsOf(3));
        var hour = new Rollup(Key(), RollupTier.OneHour, bucket, StatsOf(5));
        var otherArm = new Rollup(Key(arm: "b"), RollupTier.OneMinute, bucket, StatsOf(7));
        var sameAsMinute = new Rollup(Key(), RollupTier.OneMinute, bucket.ToOffset(TimeSpan.FromHours(2)), StatsOf(11));

        var merged = RollupMerger.Merge([minute, hour, otherArm, sameAsMinute]);

        Assert.True(merged.IsSuccess);
        Assert.Equal([14L, 5L, 7L], merged.Value.Select(r => r.Stats.Count));
        Assert.Equal([RollupTier.OneMinute, RollupTier.OneHour, RollupTier.OneMinute], merged.Value.Select(r => r.Tier));
        Assert.Equal(3, minute.Stats.Count);
        Assert.Equal(11, sameAsMinute.Stats.Count);
    }

    [Theory]
    [InlineData("1m", "2026-03-10T00:00:30Z")]
    [InlineData("5m", "2026-03-10T00:01:00Z")]
    [InlineData("1d", "2026-03-10T06:00:00Z")]
    [InlineData("1d", "2026-03-10T00:00:00+02:00")]
    public void Rollups_not_on_a_bucket_boundary_are_refused(string tierName, string bucketStart)
    {
        var tier = RollupTier.Defaults.Single(t => t.Name == tierName);
        var rollup = new Rollup(Key(), tier, DateTimeOffset.Parse(bucketStart), StatsOf(1));

        var merged = RollupMerger.Merge([rollup]);

        Assert.False(merged.IsSuccess);
        Assert.Equal("rollup-bucket-misaligned", merged.Error!.Code);
    }

    [Fact]
    public void Rollups_with_incompatible_latency_histograms_are_refused()
    {
        var bucket = DateTimeOffset.Parse("2026-03-10T00:00:00Z");
        var precise = new ExecutionStats(0.01);
        precise.Add(Observation());
        var coarse = new ExecutionStats(0.05);
        coarse.Add(Observation());

        var merged = RollupMerger.Merge([new Rollup(Key(), RollupTier.OneMinute, bucket, precise), new Rollup(Key(), RollupTier.OneMinute, bucket, coarse)]);

        Assert.False(merged.IsSuccess);
        Assert.Equal("histogram-accuracy-mismatch", merged.Error!.Code);
    }

    [Fact]
    public void The_accumulator_cuts_observations_into_its_tier_buckets()
    {
        var accumulator = new RollupAccumulator(RollupTier.FiveMinutes);
        accumulator.Add(Observation(), DateTimeOffset.Parse("2026-03-10T10:04:59Z"));
        accumulator.Add(Observation(), DateTimeOffset.Parse("2026-03-10T10:00:00Z"));
        accumulator.Add(Observation(), DateTimeOffset.Parse("2026-03-10T10:05:00Z"));
        accumulator.Add(Observation(Key(arm: "b")), DateTimeOffset.Parse("2026-03-10T10:06:00Z"));

        var rollups = accumulator.Rollups();

        Assert.Equal(
            [("2026-03-10T10:00:00Z", (string?)null, 2L), ("2026-03-10T10:05:00Z", null, 1L), ("2026-03-10T10:05:00Z", "b", 1L)],
            rollups.Select(r => (r.BucketStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"), r.Key.RouteArm, r.Stats.Count)));
    }

    private static ExecutionStats StatsOf(int count)
    {
        var stats = new ExecutionStats();
        for (var i = 0; i < count; i++)
            stats.Add(Observation());
        return stats;
    }
}
