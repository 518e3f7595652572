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

/// <summary>
/// Two metrics stores (two instances) on one database: usage by tenant adds up across their rollups,
/// past the cap tenants fold into "(other)", and each instance's live window includes the other's
/// seconds once they are exchanged through the LiveBuckets table.
/// </summary>
public sealed class TenantAndFleetStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 5, TimeSpan.Zero);

    private static MetricsStore Instance(PersistenceTestHost host, TimeProvider clock, string id, FleetLiveSeconds? fleet = null, int maxTenants = 1000) =>
        new(host.Get<IDbContextFactory<PromptConsoleDbContext>>(), Options.Create(new MetricsStoreOptions { InstanceId = id, MaxTenantsPerBucket = maxTenants }), clock, fleet);

    private static ExecutionObservation Observed(string? tenant, ExecutionOutcome outcome = ExecutionOutcome.Success, decimal cost = 0.01m) =>
        MetricsTestData.Observation(outcome: outcome, costUsd: cost) with { Tenant = tenant };

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Usage_by_tenant_adds_up_across_instances(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var a = Instance(host, clock, "instance-a");
        var b = Instance(host, clock, "instance-b");
        for (var i = 0; i < 3; i++)
            a.Observe(Observed("acme"), clock.GetUtcNow());
        a.Observe(Observed("acme", ExecutionOutcome.ProviderFailed), clock.GetUtcNow());
        b.Observe(Observed("acme", cost: 0.05m), clock.GetUtcNow());
        b.Observe(Observed(null), clock.GetUtcNow());
        await a.FlushAsync();

        // B reads A's written rows plus its own unwritten buckets.
        var usage = (await b.QueryTenantsAsync(TimeSpan.FromHours(1))).ByTenant;

        Assert.Equal(new TenantUsage(5, 1, 50, 100, 0.09m), usage["acme"]);
        Assert.Equal(new TenantUsage(1, 0, 10, 20, 0.01m), usage[TenantUsage.NoTenant]);

        // Once both have written, either instance (and every tier's window) tells the same.
        await b.FlushAsync();
        clock.Advance(TimeSpan.FromMinutes(2));
        foreach (var store in new[] { a, b })
        {
            foreach (var window in new[] { TimeSpan.FromHours(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30) })
            {
                var read = (await store.QueryTenantsAsync(window)).ByTenant;
                Assert.Equal(5, read["acme"].Executions);
                Assert.Equal(0.09m, read["acme"].CostUsd);
                Assert.Equal(1, read[TenantUsage.NoTenant].Executions);
            }
        }

        await using var db = host.CreateDbContext();
        Assert.Equal((1 + 2) * 4, await db.TenantRollups.CountAsync()); // A: acme, B: acme and none; 4 tiers each
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task Tenants_past_the_cap_of_a_bucket_are_counted_under_other(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var store = Instance(host, clock, "capped", maxTenants: 3);
        foreach (var tenant in new[] { "t1", "t2", "t1", "t3", "t4", "t5", "t4" })
            store.Observe(Observed(tenant), clock.GetUtcNow());
        await store.FlushAsync();

        var usage = (await store.QueryTenantsAsync(TimeSpan.FromHours(1))).ByTenant;

        Assert.Equal([TenantUsage.OtherTenants, "t1", "t2", "t3"], usage.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, usage["t1"].Executions);
        Assert.Equal(3, usage[TenantUsage.OtherTenants].Executions); // t4, t5, t4
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task A_live_window_merges_the_other_instances_seconds_with_its_own(TestDatabaseProvider provider)
    {
        var clock = new ManualClock(Start);
        await using var host = await PersistenceTestHost.CreateAsync(provider, clock: clock);
        var transport = new DatabaseLiveBucketTransport(host.Get<IDbContextFactory<PromptConsoleDbContext>>(), clock);
        var fleetOfA = new FleetLiveSeconds();
        var fleetOfB = new FleetLiveSeconds();
        var a = Instance(host, clock, "live-a", fleetOfA);
        var b = Instance(host, clock, "live-b", fleetOfB);
        for (var i = 0; i < 7; i++)
        {
            a.Observe(MetricsTestData.Observation(latencyMs: 100), clock.GetUtcNow());
            b.Observe(MetricsTestData.Observation(latencyMs: 300), clock.GetUtcNow());
            clock.Advance(TimeSpan.FromMilliseconds(400));
        }

        async Task ExchangeAsync()
        {
            var now = SecondRing.SecondNumber(clock.GetUtcNow());
            foreach (var store in new[] { a, b })
                await transport.PublishAsync(store.InstanceId, store.LiveChangesSince(0, out _), CancellationToken.None);

            foreach (var (store, fleet) in new[] { (a, fleetOfA), (b, fleetOfB) })
                fleet.Replace(now - 899, now, await transport.ReadAsync(store.InstanceId, now - 899, now, CancellationToken.None), now - 899);
        }

        await ExchangeAsync();

        foreach (var store in new[] { a, b })
        {
            var live = await store.QueryAsync(TimeSpan.FromMinutes(15), MetricsFilter.All);
            Assert.Equal("live", live.Source);
            Assert.Equal(14, live.Total.Count);
            Assert.Equal(14, live.Points.Sum(p => p.Stats.Count));
            Assert.Equal(14, Assert.Single(live.BySeries).Value.Count);
            Assert.InRange(live.Total.LatencyMs.Quantile(0.9)!.Value, 250, 350); // B's slower half is in the percentiles
        }

        // An instance's own new execution shows at once; the other's after the next exchange.
        a.Observe(MetricsTestData.Observation(), clock.GetUtcNow());
        Assert.Equal(15, (await a.QueryAsync(TimeSpan.FromMinutes(15), MetricsFilter.All)).Total.Count);
        Assert.Equal(14, (await b.QueryAsync(TimeSpan.FromMinutes(15), MetricsFilter.All)).Total.Count);
        await ExchangeAsync();
        Assert.Equal(15, (await b.QueryAsync(TimeSpan.FromMinutes(15), MetricsFilter.All)).Total.Count);

        // Rows past the live window plus a margin are pruned.
        Assert.Equal(0, await transport.PruneAsync(SecondRing.SecondNumber(Start) - 1, CancellationToken.None));
        Assert.True(await transport.PruneAsync(SecondRing.SecondNumber(clock.GetUtcNow()) + 1, CancellationToken.None) > 0);
    }
}
