using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Limits;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Limits;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Limits;

/// <summary>
/// The short-window counters on the database (SQLite and PostgreSQL) and on Redis: concurrent admissions in one
/// second never pass the limit, a refusal by the tenant rolls the key's count back, tokens add up, and the
/// database's month ledger and pruning work. The instant is fixed, so the second never rolls over mid-test.
/// </summary>
public abstract class UsageCounterStoreTests : IDisposable
{
    // In the future: the app's counter pruning runs on the real clock and deletes counters whose window has
    // expired, so an instant in the past would let it empty a counter in the middle of a test.
    private static readonly DateTimeOffset Now = new(2099, 12, 3, 6, 25, 1, 500, TimeSpan.Zero);

    protected UsageCounterStoreTests(TestDatabaseProvider provider, bool redis)
    {
        Factory = new PromptConsoleFactory(provider);
        if (redis)
            Factory.WithSetting("PromptConsole:Redis:Configuration", RedisServer.Shared());
        Store = redis ? Factory.Services.GetRequiredService<RedisUsageCounterStore>() : Factory.Services.GetRequiredService<DatabaseUsageCounterStore>();
    }

    protected PromptConsoleFactory Factory { get; }

    private IUsageCounterStore Store { get; }

    private static string NewScope(string kind) => $"{kind}:{Guid.NewGuid():N}";

    [Fact]
    public async Task Concurrent_admissions_in_one_second_never_pass_the_limit()
    {
        // The store's counters live a few seconds of real time past their window (Redis expires them), so a burst
        // that a loaded machine stretches past that would count twice; such a burst says nothing and is repeated.
        await Store.CountRequestAsync([new RequestCounter(NewScope("warm-up"), 10)], Now, CancellationToken.None);
        string key;
        int[] refusals;
        var attempts = 0;
        TimeSpan took;
        do
        {
            key = NewScope("key");
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var scope = key;
            refusals = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Store.CountRequestAsync([new RequestCounter(scope, 10)], Now, CancellationToken.None))));
            took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }
        while (took > TimeSpan.FromSeconds(2) && ++attempts < 5);

        Assert.Equal(10, refusals.Count(r => r == -1));
        Assert.All(refusals.Where(r => r != -1), r => Assert.Equal(0, r));

        // The next second starts from zero.
        Assert.Equal(-1, await Store.CountRequestAsync([new RequestCounter(key, 10)], Now.AddSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_refusal_by_the_tenant_rolls_back_the_keys_count()
    {
        var (keyA, keyB, tenant) = (NewScope("key"), NewScope("key"), NewScope("tenant"));
        Assert.Equal(-1, await Store.CountRequestAsync([new RequestCounter(keyA, 5), new RequestCounter(tenant, 2)], Now, CancellationToken.None));
        Assert.Equal(-1, await Store.CountRequestAsync([new RequestCounter(keyB, 5), new RequestCounter(tenant, 2)], Now, CancellationToken.None));
        Assert.Equal(1, await Store.CountRequestAsync([new RequestCounter(keyA, 5), new RequestCounter(tenant, 2)], Now, CancellationToken.None));

        // keyA's refused request was not counted: with a limit of 2 on keyA alone it has one more.
        Assert.Equal(-1, await Store.CountRequestAsync([new RequestCounter(keyA, 2)], Now, CancellationToken.None));
        Assert.Equal(0, await Store.CountRequestAsync([new RequestCounter(keyA, 2)], Now, CancellationToken.None));
    }

    [Fact]
    public async Task Tokens_add_up_per_minute_and_scope()
    {
        var (key, tenant) = (NewScope("key"), NewScope("tenant"));
        await Store.AddTokensAsync([key, tenant], 120, Now, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Store.AddTokensAsync([tenant], 5, Now, CancellationToken.None)));
        Assert.Equal(new long[] { 120, 170, 0 }, await Store.ReadTokensAsync([key, tenant, NewScope("key")], Now, CancellationToken.None));
        Assert.Equal(new long[] { 0 }, await Store.ReadTokensAsync([key], Now.AddMinutes(1), CancellationToken.None));
    }

    public void Dispose()
    {
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class UsageCountersOnSqlite() : UsageCounterStoreTests(TestDatabaseProvider.Sqlite, redis: false)
{
    [Fact]
    public async Task The_month_ledger_survives_in_the_database_and_expired_counters_are_pruned()
    {
        var ledger = Factory.Services.GetRequiredService<MonthlyUsageLedger>();
        var scope = $"tenant:{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        ledger.Add(scope, now, 1, 100, 0.25m);
        ledger.Add(scope, now, 1, 50, 0.000001m);
        Assert.Equal(new MonthlyUsage(2, 150, 0.250001m), await ledger.ReadAsync(scope, now, CancellationToken.None));
        await ledger.FlushAsync(CancellationToken.None);

        var dbFactory = Factory.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var row = await db.UsageCounters.SingleAsync(c => c.Scope == scope);
            Assert.Equal((2L, 150L, 250_001_000L), (row.Requests, row.Tokens, row.CostNanoUsd));
            Assert.Equal(UsageWindows.KeyOf(UsageWindowKind.Month, now), row.Window);
            db.UsageCounters.Add(new UsageCounterRow { Scope = scope, Window = "s20000101T000000", Requests = 1, ExpiresAtUnixSeconds = 1 });
            await db.SaveChangesAsync();
        }

        Assert.True(await Factory.Services.GetRequiredService<UsageCounterMaintenance>().PruneAsync(CancellationToken.None) >= 1);
        await using (var db = await dbFactory.CreateDbContextAsync())
            Assert.Equal(1, await db.UsageCounters.CountAsync(c => c.Scope == scope));
        Assert.Equal(new MonthlyUsage(2, 150, 0.250001m), await ledger.ReadAsync(scope, now, CancellationToken.None));
    }
}

public sealed class UsageCountersOnPostgres() : UsageCounterStoreTests(TestDatabaseProvider.Postgres, redis: false);

public sealed class UsageCountersOnRedis() : UsageCounterStoreTests(TestDatabaseProvider.Sqlite, redis: true);
