using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Tests.Domain.Metrics;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Metrics;

/// <summary>The metrics store against a real database: live window, rollups written and merged across instances, retention.</summary>
public sealed class MetricsStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 30, TimeSpan.Zero);

    private static MetricsStore NewStore(PersistenceTestHost host, TimeProvider clock, string instance, Action<MetricsStoreOptions>? configure = null)
    {
        var options = new MetricsStoreOptions { InstanceId = instance };
        configure?.Invoke(options);
        return new MetricsStore(host.Get<IDbContextFactory<PromptConsoleDbContext>>(), Options.Create(options), clock);
    }

    private static ExecutionStats Aggregate(IEnumerable<ExecutionObservation> observations)
    {
        var stats = new ExecutionStats();
        foreach (var observation in observations)
            stats.Add(observation);
        return stats;
    }

    /// <summary>Everything an aggregate reports, in one comparable shape.</summary>
    private static object Figures(ExecutionStats stats) => new
    {
        stats.Count,
        Outcomes = string.Join(",", stats.Outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}")),
        Errors = string.Join(",", stats.ErrorTypes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}")),
        Cache = string.Join(",", stats.CacheLevels.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}")),
        stats.InputTokens,
        stats.OutputTokens,
        stats.CostUsd,
        stats.Retries,
        stats.Fallbacks,
        P50 = stats.LatencyMs.Quantile(0.5),
        P99 = stats.LatencyMs.Quantile(0.99),
        Sum = Math.Round(stats.LatencyMs.Sum, 6),
        stats.FeedbackQuality,
    };

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task A_live_window_sees_an_execution_at_once_and_forgets_it_when_it_leaves_the_window(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var store = NewStore(host, clock, "a");

        store.Observe(MetricsTestData.Observation(latencyMs: 250), clock.GetUtcNow());
        var live = await store.QueryAsync(TimeSpan.FromMinutes(1), MetricsFilter.All);

        Assert.Equal("live", live.Source);
        Assert.Equal(1, live.Total.Count);
        Assert.Equal(60, live.Points.Count);
        Assert.Equal(1, live.Points[^1].Stats.Count);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, (await store.QueryAsync(TimeSpan.FromMinutes(1), MetricsFilter.All)).Total.Count);
        Assert.Equal(1, (await store.QueryAsync(TimeSpan.FromMinutes(5), MetricsFilter.All)).Total.Count);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Rollups_of_two_instances_merge_into_the_rollup_of_all_their_executions(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var first = NewStore(host, clock, "instance-a");
        var second = NewStore(host, clock, "instance-b");
        var observations = MetricsTestData.RandomObservations(600, seed: 17);

        // Spread over 20 minutes so several 1-minute and 5-minute buckets are involved.
        for (var i = 0; i < observations.Count; i++)
        {
            var at = Start + TimeSpan.FromSeconds(i * 2);
            (i % 3 == 0 ? first : second).Observe(observations[i], at);
            if (i % 100 == 99)
            {
                clock.Advance(TimeSpan.FromSeconds(200));
                await first.FlushAsync();
                await second.FlushAsync();
            }
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await first.FlushAsync();
        await second.FlushAsync();

        var union = Aggregate(observations);
        var reader = NewStore(host, clock, "reader");
        var fromDatabase = await reader.QueryAsync(TimeSpan.FromHours(1), MetricsFilter.All);
        var fromInstance = await first.QueryAsync(TimeSpan.FromHours(1), MetricsFilter.All);

        Assert.Equal("1m", fromDatabase.Source);
        Assert.Equal(Figures(union), Figures(fromDatabase.Total));
        Assert.Equal(Figures(union), Figures(fromInstance.Total));
        foreach (var (key, stats) in fromDatabase.BySeries)
            Assert.Equal(Figures(Aggregate(observations.Where(o => o.Key == key))), Figures(stats));

        var week = await reader.QueryAsync(TimeSpan.FromDays(7), MetricsFilter.All);
        Assert.Equal("1h", week.Source);
        Assert.Equal(Figures(union), Figures(week.Total));
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task A_grouped_query_gives_each_group_what_a_query_for_that_group_alone_gives(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var store = NewStore(host, clock, "a");
        var observations = MetricsTestData.RandomObservations(300, seed: 5);
        for (var i = 0; i < observations.Count; i++)
            store.Observe(observations[i], Start + TimeSpan.FromSeconds(i * 2));
        clock.Advance(TimeSpan.FromSeconds(600));
        await store.FlushAsync();

        foreach (var window in new[] { TimeSpan.FromMinutes(15), TimeSpan.FromHours(1) })
        {
            var groups = await store.QueryGroupsAsync(window, new MetricsFilter("summarize"), key => key.PromptVersion, [1, 2, 3]);

            Assert.Equal([1, 2, 3], groups.Keys.Order());
            foreach (var (version, grouped) in groups)
            {
                var alone = await store.QueryAsync(window, new MetricsFilter("summarize", version));
                Assert.Equal(alone.Source, grouped.Source);
                Assert.Equal(Figures(alone.Total), Figures(grouped.Total));
                Assert.Equal(alone.Points.Select(p => (p.Start, p.Stats.Count)), grouped.Points.Select(p => (p.Start, p.Stats.Count)));
            }

            Assert.Equal(observations.Count(o => o.Key.PromptVersion == 2), groups[2].Total.Count);
            Assert.Equal(0, groups[3].Total.Count);
        }
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Buckets_still_open_come_from_memory_and_closed_ones_from_the_database_never_twice(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var store = NewStore(host, clock, "a");
        var filter = new MetricsFilter(PromptKey: "summarize");

        store.Observe(MetricsTestData.Observation(), clock.GetUtcNow());
        Assert.Equal(1, (await store.QueryAsync(TimeSpan.FromHours(1), filter)).Total.Count);

        await store.FlushAsync();
        Assert.Equal(1, (await store.QueryAsync(TimeSpan.FromHours(1), filter)).Total.Count);

        store.Observe(MetricsTestData.Observation(), clock.GetUtcNow());
        Assert.Equal(2, (await store.QueryAsync(TimeSpan.FromHours(1), filter)).Total.Count);

        // The bucket closes; the next flushes write it and then forget it.
        clock.Advance(TimeSpan.FromMinutes(2));
        await store.FlushAsync();
        await store.FlushAsync();
        Assert.Equal(2, (await store.QueryAsync(TimeSpan.FromHours(1), filter)).Total.Count);
        Assert.Equal(0, (await store.QueryAsync(TimeSpan.FromHours(1), new MetricsFilter(PromptKey: "other"))).Total.Count);

        // A restarted process is a new instance: its rows add to the old ones instead of replacing them.
        var restarted = NewStore(host, clock, "a-restarted");
        restarted.Observe(MetricsTestData.Observation(), clock.GetUtcNow());
        await restarted.FlushAsync();
        Assert.Equal(3, (await restarted.QueryAsync(TimeSpan.FromHours(1), filter)).Total.Count);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Pruning_deletes_exactly_the_buckets_past_each_tiers_retention(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var store = NewStore(host, clock, "a");
        var ages = new[] { TimeSpan.FromHours(2), TimeSpan.FromHours(30), TimeSpan.FromDays(8), TimeSpan.FromDays(40), TimeSpan.FromDays(100) };
        var now = Start + TimeSpan.FromDays(101);

        foreach (var age in ages)
        {
            clock.Advance(now - age - clock.GetUtcNow());
            store.Observe(MetricsTestData.Observation(), clock.GetUtcNow());
            clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            await store.FlushAsync();
        }

        clock.Advance(now - clock.GetUtcNow());
        await using (var db = host.CreateDbContext())
        {
            var before = await db.MetricRollups.AsNoTracking().ToListAsync();
            Assert.Equal(ages.Length * store.Tiers.Count, before.Count);
        }

        int TenantRows()
        {
            using var db = host.CreateDbContext();
            return db.TenantRollups.Count();
        }

        var tenantRowsBefore = TenantRows();
        var deleted = await store.PruneAsync();
        var tenantRowsDeleted = tenantRowsBefore - TenantRows();

        await using var after = host.CreateDbContext();
        var kept = (await after.MetricRollups.AsNoTracking().ToListAsync())
            .GroupBy(r => r.Tier)
            .ToDictionary(g => g.Key, g => g.Count());
        var expected = store.Tiers.ToDictionary(
            t => t.Name,
            t => ages.Count(age => !RetentionPolicy.IsExpired(t, t.BucketStart(now - age), now)));
        Assert.Equal(expected.Where(e => e.Value > 0).OrderBy(e => e.Key), kept.OrderBy(e => e.Key));
        // The same buckets' tenant rollups go with them (one per bucket here: the observations have no tenant).
        Assert.Equal(ages.Length * store.Tiers.Count - expected.Values.Sum(), deleted - tenantRowsDeleted);
        Assert.Equal(deleted / 2, tenantRowsDeleted);

        // 1m keeps 24 h, 5m 7 d, 1h 30 d, 1d 90 d.
        Assert.Equal(new Dictionary<string, int> { ["1m"] = 1, ["5m"] = 2, ["1h"] = 3, ["1d"] = 4 }, expected);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Quality_scores_count_on_their_series_without_counting_an_execution(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var store = NewStore(host, clock, "a");
        var key = MetricsTestData.Key(version: 3);

        store.Observe(MetricsTestData.Observation(key), clock.GetUtcNow());
        store.ObserveQuality(key, QualitySource.Feedback, 4, clock.GetUtcNow());
        store.ObserveQuality(key, QualitySource.Feedback, 2, clock.GetUtcNow());
        await store.FlushAsync();

        foreach (var window in new[] { TimeSpan.FromMinutes(5), TimeSpan.FromHours(1) })
        {
            var result = await store.QueryAsync(window, new MetricsFilter(PromptVersion: 3));
            Assert.Equal(1, result.Total.Count);
            Assert.Equal(3.0, result.Total.AverageQuality(QualitySource.Feedback));
        }
    }

    [Fact]
    public async Task Subscribers_hear_of_changes_at_most_once_per_interval_and_promptly_after_a_quiet_spell()
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, clock: TimeProvider.System);
        var store = NewStore(host, TimeProvider.System, "a");
        var deliveries = new List<DateTimeOffset>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = store.Subscribe(
            () =>
            {
                lock (deliveries)
                    deliveries.Add(DateTimeOffset.UtcNow);
                first.TrySetResult();
                return Task.CompletedTask;
            },
            TimeSpan.FromMilliseconds(300));

        var started = DateTimeOffset.UtcNow;
        for (var i = 0; i < 200; i++)
            store.Observe(MetricsTestData.Observation(), DateTimeOffset.UtcNow);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromMilliseconds(250), "the first change is delivered at once");

        await Task.Delay(800);
        lock (deliveries)
        {
            // 200 changes in a burst: the immediate delivery plus at most one coalesced follow-up.
            Assert.InRange(deliveries.Count, 1, 2);
            for (var i = 1; i < deliveries.Count; i++)
                Assert.True(deliveries[i] - deliveries[i - 1] >= TimeSpan.FromMilliseconds(280));
        }

        var before = deliveries.Count;
        store.Observe(MetricsTestData.Observation(), DateTimeOffset.UtcNow);
        await Task.Delay(200);
        lock (deliveries)
            Assert.Equal(before + 1, deliveries.Count);

        subscription.Dispose();
        store.Observe(MetricsTestData.Observation(), DateTimeOffset.UtcNow);
        await Task.Delay(100);
        lock (deliveries)
            Assert.Equal(before + 1, deliveries.Count);
    }

    [Theory]
    [InlineData(2, "1m")]
    [InlineData(13, "1m")]
    [InlineData(24, "5m")]
    [InlineData(24 * 7, "1h")]
    [InlineData(24 * 30, "1h")]
    [InlineData(24 * 31, "1d")]
    [InlineData(24 * 90, "1d")]
    [InlineData(24 * 365, "1d")]
    public async Task A_window_is_served_by_the_finest_tier_that_holds_it_in_a_chartable_number_of_points(int hours, string tier)
    {
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite);
        var store = NewStore(host, host.Clock, "a");
        Assert.Equal(tier, store.TierFor(TimeSpan.FromHours(hours)).Name);
    }

    [Fact]
    public async Task A_damaged_rollup_row_is_left_out_instead_of_failing_the_query()
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, clock: clock);
        var store = NewStore(host, clock, "a");
        store.Observe(MetricsTestData.Observation(), clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(2));
        await store.FlushAsync();
        await store.FlushAsync();
        await using (var db = host.CreateDbContext())
        {
            db.MetricRollups.Add(new MetricRollupRow
            {
                InstanceId = "broken",
                Tier = "1m",
                BucketStart = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
                PromptKey = "summarize",
                PromptVersion = 1,
                Model = "gpt-4o-mini",
                Count = 5,
                Stats = "{\"count\": 5, \"outcomes\": {\"Success\": 5}}",
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, (await store.QueryAsync(TimeSpan.FromHours(1), MetricsFilter.All)).Total.Count);
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task The_writer_flushes_on_its_interval_and_once_more_when_the_host_stops(TestDatabaseProvider provider)
    {
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: TimeProvider.System);
        var options = new MetricsStoreOptions { InstanceId = "a", FlushInterval = TimeSpan.FromMilliseconds(200) };
        var store = new MetricsStore(host.Get<IDbContextFactory<PromptConsoleDbContext>>(), Options.Create(options), TimeProvider.System);
        var writer = new MetricsRollupWriter(store, Options.Create(options), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<MetricsRollupWriter>.Instance);

        async Task<long> StoredCount()
        {
            await using var db = host.CreateDbContext();
            return (await db.MetricRollups.AsNoTracking().Where(r => r.Tier == "1m").Select(r => r.Count).ToListAsync()).Sum();
        }

        await writer.StartAsync(CancellationToken.None);
        store.Observe(MetricsTestData.Observation(), DateTimeOffset.UtcNow);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (await StoredCount() == 0 && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(1, await StoredCount());

        // Stopping before the next tick still writes what arrived since the last one.
        store.Observe(MetricsTestData.Observation(), DateTimeOffset.UtcNow);
        store.Observe(MetricsTestData.Observation(), DateTimeOffset.UtcNow);
        await writer.StopAsync(CancellationToken.None);
        var stored = await StoredCount();
        Assert.True(stored == 3, $"expected 3 executions in 1-minute rollups after stop, found {stored}");
    }
}
