using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class SecondRingTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-03-10T12:00:00Z");

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>One success per second at seconds 0..9, latency 100 + second.</summary>
    private static SecondRing TenSeconds(int slots = 900)
    {
        var ring = new SecondRing(slots);
        for (var second = 0; second < 10; second++)
            Assert.True(ring.Add(Observation(latencyMs: 100 + second), At(second + 0.5)));
        return ring;
    }

    [Theory]
    [InlineData(9, 10, 10)]
    [InlineData(9, 1, 1)]
    [InlineData(9, 3, 3)]
    [InlineData(9, 0, 0)]
    [InlineData(9, 3600, 10)]
    [InlineData(4, 3, 3)]
    [InlineData(12, 5, 2)]
    [InlineData(20, 10, 0)]
    [InlineData(-1, 5, 0)]
    public void A_window_counts_the_seconds_ending_with_now(double nowSeconds, int windowSeconds, long expectedCount)
    {
        var ring = TenSeconds();

        var stats = ring.Query(At(nowSeconds), TimeSpan.FromSeconds(windowSeconds));

        Assert.Equal(expectedCount, stats.Count);
    }

    [Fact]
    public void A_query_merges_the_seconds_it_covers()
    {
        var ring = TenSeconds();

        var stats = ring.Query(At(9), TimeSpan.FromSeconds(3));

        Assert.Equal(107, stats.LatencyMs.Min);
        Assert.Equal(109, stats.LatencyMs.Max);
        Assert.Equal(324, stats.LatencyMs.Sum);
    }

    [Fact]
    public void The_filter_picks_series_by_key()
    {
        var ring = new SecondRing();
        var control = Key(arm: "control");
        var candidate = Key(version: 2, arm: "candidate");
        ring.Add(Observation(control), At(1));
        ring.Add(Observation(control, ExecutionOutcome.ProviderFailed, "timeout"), At(2));
        ring.Add(Observation(candidate), At(2));
        ring.Add(Observation(candidate, cache: CacheLevel.Exact), At(3));
        ring.Add(Observation(Key(prompt: "classify")), At(3));

        var window = TimeSpan.FromMinutes(1);
        var controlStats = ring.Query(At(3), window, key => key.RouteArm == "control");
        var summarize = ring.Query(At(3), window, key => key.PromptKey == "summarize");
        var byKey = ring.QueryByKey(At(3), window, key => key.RouteArm is not null);

        Assert.Equal(2, controlStats.Count);
        Assert.Equal(0.5, controlStats.ErrorRate());
        Assert.Equal(4, summarize.Count);
        Assert.Equal(5, ring.Query(At(3), window).Count);
        Assert.Equal(2, byKey.Count);
        Assert.Equal(0.5, byKey[candidate].CacheHitRate());
        Assert.Equal(0.5, byKey[control].ErrorRate());
    }

    [Fact]
    public void Slots_are_recycled_as_time_moves_on()
    {
        var ring = TenSeconds(slots: 10);

        // Second 12 takes the slot second 2 had; seconds 0..2 are now older than the ring.
        Assert.True(ring.Add(Observation(latencyMs: 500), At(12)));

        Assert.Equal(0, ring.Query(At(2), TimeSpan.FromSeconds(1)).Count);
        Assert.Equal(8, ring.Query(At(12), TimeSpan.FromSeconds(10)).Count);
        Assert.Equal(500, ring.Query(At(12), TimeSpan.FromSeconds(1)).LatencyMs.Max);
        Assert.Equal(1, ring.Query(At(3), TimeSpan.FromSeconds(1)).Count);
    }

    [Fact]
    public void After_a_quiet_spell_longer_than_the_ring_nothing_old_is_reported()
    {
        var ring = TenSeconds(slots: 10);

        ring.Add(Observation(), At(1000));

        Assert.Equal(1, ring.Query(At(1000), TimeSpan.FromSeconds(10)).Count);
        Assert.Equal(1, ring.Series(At(1000), TimeSpan.FromSeconds(10)).Sum(p => p.Stats.Count));
    }

    [Theory]
    [InlineData(10, false)]
    [InlineData(5, false)]
    [InlineData(10.999, false)]
    [InlineData(11, true)]
    [InlineData(19, true)]
    [InlineData(25, true)]
    public void Observations_older_than_the_ring_are_not_counted(double atSeconds, bool accepted)
    {
        var ring = new SecondRing(slotCount: 10);
        ring.Add(Observation(), At(20));

        Assert.Equal(accepted, ring.Add(Observation(), At(atSeconds)));
        Assert.Equal(accepted ? 2 : 1, ring.Query(At(25), TimeSpan.FromSeconds(10)).Count + ring.Query(At(15), TimeSpan.FromSeconds(5)).Count);
    }

    [Fact]
    public void Late_observations_still_in_the_ring_join_their_own_second()
    {
        var ring = TenSeconds();

        ring.Add(Observation(latencyMs: 999), At(3.2));

        Assert.Equal(2, ring.Query(At(3), TimeSpan.FromSeconds(1)).Count);
        Assert.Equal(11, ring.Query(At(9), TimeSpan.FromSeconds(10)).Count);
    }

    [Fact]
    public void The_series_has_one_point_per_second_oldest_first_with_gaps_empty()
    {
        var ring = new SecondRing();
        ring.Add(Observation(), At(1));
        ring.Add(Observation(), At(1.9));
        ring.Add(Observation(), At(4));

        var series = ring.Series(At(4.5), TimeSpan.FromSeconds(5));

        Assert.Equal([At(0), At(1), At(2), At(3), At(4)], series.Select(p => p.Second));
        Assert.Equal([0L, 2L, 0L, 0L, 1L], series.Select(p => p.Stats.Count));
    }

    [Fact]
    public void Query_results_are_copies_that_later_observations_do_not_change()
    {
        var ring = new SecondRing();
        ring.Add(Observation(), At(1));
        var before = ring.Query(At(1), TimeSpan.FromSeconds(5));

        ring.Add(Observation(), At(1));

        Assert.Equal(1, before.Count);
        Assert.Equal(2, ring.Query(At(1), TimeSpan.FromSeconds(5)).Count);
    }

    [Fact]
    public void The_default_ring_covers_fifteen_minutes()
    {
        var ring = new SecondRing();

        Assert.Equal(900, ring.SlotCount);
        Assert.Equal(TimeSpan.FromMinutes(15), ring.Span);
    }

    [Fact]
    public void Quality_scores_land_in_their_second_without_counting_executions()
    {
        var ring = new SecondRing(slotCount: 60);
        var at = DateTimeOffset.UnixEpoch.AddSeconds(1_000);
        var key = MetricsTestData.Key();

        Assert.True(ring.Add(MetricsTestData.Observation(key), at));
        Assert.True(ring.AddQuality(key, QualitySource.Feedback, 5, at.AddSeconds(3)));
        Assert.True(ring.AddQuality(key, QualitySource.Automated, 0.5, at.AddSeconds(3)));
        Assert.False(ring.AddQuality(key, QualitySource.Feedback, 1, at.AddSeconds(-120)));

        var total = ring.Query(at.AddSeconds(3), TimeSpan.FromSeconds(10));
        Assert.Equal(1, total.Count);
        Assert.Equal(5.0, total.AverageQuality(QualitySource.Feedback));
        Assert.Equal(0.5, total.AverageQuality(QualitySource.Automated));
        Assert.Equal(0, ring.Query(at.AddSeconds(3), TimeSpan.FromSeconds(1)).Count);
    }
}
