using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Tests.Domain.Metrics;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Metrics;

/// <summary>
/// An instance restarted with a fixed <c>InstanceId</c> starts with empty buckets; its first write of
/// a bucket its earlier life already wrote must add to that row, not overwrite it.
/// </summary>
public sealed class RollupRestartMergeTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 5, TimeSpan.Zero);

    private static (MetricsStore Store, MetricsRollupWriter Writer) NewInstance(PersistenceTestHost host, TimeProvider clock)
    {
        var options = Options.Create(new MetricsStoreOptions { InstanceId = "fixed-instance" });
        var store = new MetricsStore(host.Get<IDbContextFactory<PromptConsoleDbContext>>(), options, clock);
        return (store, new MetricsRollupWriter(store, options, clock, NullLogger<MetricsRollupWriter>.Instance));
    }

    private static async Task<(long Rows, long Count)> StoredAsync(PersistenceTestHost host, string tier)
    {
        await using var db = host.CreateDbContext();
        var counts = await db.MetricRollups.AsNoTracking().Where(r => r.Tier == tier).Select(r => r.Count).ToListAsync();
        return (counts.Count, counts.Sum());
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task A_restarted_instance_with_a_fixed_id_adds_to_the_bucket_it_wrote_before(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var observations = MetricsTestData.RandomObservations(50, seed: 7).Select(o => o with { Key = MetricsTestData.Key() }).ToArray();

        // First life: 30 executions in the 09:00 bucket, written when the writer stops.
        var (first, firstWriter) = NewInstance(host, clock);
        await firstWriter.StartAsync(CancellationToken.None);
        foreach (var observation in observations[..30])
            first.Observe(observation, clock.GetUtcNow());
        await firstWriter.StopAsync(CancellationToken.None);
        Assert.Equal((1, 30), await StoredAsync(host, "1m"));

        // Second life, same id, same bucket: 20 more.
        clock.Advance(TimeSpan.FromSeconds(20));
        var (second, secondWriter) = NewInstance(host, clock);
        await secondWriter.StartAsync(CancellationToken.None);
        foreach (var observation in observations[30..])
            second.Observe(observation, clock.GetUtcNow());

        // Before its first write the instance already reports both lives (its row plus its memory).
        Assert.Equal(50, (await second.QueryAsync(TimeSpan.FromHours(1), MetricsFilter.All)).Total.Count);

        await second.FlushAsync();
        Assert.Equal((1, 50), await StoredAsync(host, "1m"));
        Assert.Equal(50, (await second.QueryAsync(TimeSpan.FromHours(1), MetricsFilter.All)).Total.Count);

        // Rewrites while the bucket is open keep the sum (merged once, not on every flush).
        second.Observe(observations[0], clock.GetUtcNow());
        await second.FlushAsync();
        await secondWriter.StopAsync(CancellationToken.None);
        Assert.Equal((1, 51), await StoredAsync(host, "1m"));
        Assert.Equal((1, 51), await StoredAsync(host, "1h"));

        // The merged row carries every figure of both lives, not just the count.
        var expected = new ExecutionStats();
        foreach (var observation in observations.Append(observations[0]))
            expected.Add(observation);
        var reader = new MetricsStore(host.Get<IDbContextFactory<PromptConsoleDbContext>>(), Options.Create(new MetricsStoreOptions { InstanceId = "reader" }), clock);
        var total = (await reader.QueryAsync(TimeSpan.FromHours(1), MetricsFilter.All)).Total;
        Assert.Equal(expected.Count, total.Count);
        Assert.Equal(expected.InputTokens, total.InputTokens);
        Assert.Equal(expected.CostUsd, total.CostUsd);
        Assert.Equal(expected.LatencyMs.Quantile(0.99), total.LatencyMs.Quantile(0.99));
    }
}
