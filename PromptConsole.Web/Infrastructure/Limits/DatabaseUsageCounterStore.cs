using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Limits;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>
/// The short windows in the <c>UsageCounters</c> table, for deployments without Redis and while Redis is down.
/// A request is counted in one transaction over the key's and the tenant's rows (always in that order, so two
/// transactions never wait on each other crosswise); each upsert takes the row's lock and returns the new total, so
/// two instances admitting at once are serialised per row, and an over-limit total rolls the whole count back.
/// </summary>
public sealed class DatabaseUsageCounterStore(IDbContextFactory<PromptConsoleDbContext> dbFactory, IOptions<DatabaseOptions> database) : IUsageCounterStore
{
    // A SQLite file serves one process, and concurrent SQLite transactions over-admitted under a burst (40 at once
    // against a limit of 10 admitted 12 now and then): in that process one count at a time is exact and cheap.
    private readonly SemaphoreSlim _sqliteCounts = new(1, 1);

    public async Task<int> CountRequestAsync(IReadOnlyList<RequestCounter> counters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var serialised = database.Value.ParsedProvider == DatabaseProvider.Sqlite;
        if (serialised)
            await _sqliteCounts.WaitAsync(cancellationToken);
        try
        {
            return await CountInTransactionAsync(counters, now, cancellationToken);
        }
        finally
        {
            if (serialised)
                _sqliteCounts.Release();
        }
    }

    private async Task<int> CountInTransactionAsync(IReadOnlyList<RequestCounter> counters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = UsageWindows.KeyOf(UsageWindowKind.Second, now);
        var expires = UsageWindows.ExpiresAt(UsageWindowKind.Second, now).ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        for (var i = 0; i < counters.Count; i++)
        {
            var values = await UsageCounterSql.AddAsync(
                connection, transaction.GetDbTransaction(), database.Value.ParsedProvider,
                new UsageCounterDelta(counters[i].Scope, window, 1, 0, 0, expires), cancellationToken);
            if (values.Requests > counters[i].Limit)
            {
                await transaction.RollbackAsync(cancellationToken);
                return i;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return -1;
    }

    public async Task<long[]> ReadTokensAsync(IReadOnlyList<string> scopes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var found = await UsageCounterSql.ReadAsync(db.Database.GetDbConnection(), UsageWindows.KeyOf(UsageWindowKind.Minute, now), scopes, cancellationToken);
        return [.. scopes.Select(s => found.TryGetValue(s, out var v) ? v.Tokens : 0)];
    }

    public async Task AddTokensAsync(IReadOnlyList<string> scopes, long tokens, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var window = UsageWindows.KeyOf(UsageWindowKind.Minute, now);
        var expires = UsageWindows.ExpiresAt(UsageWindowKind.Minute, now).ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        foreach (var scope in scopes)
            await UsageCounterSql.AddAsync(connection, null, database.Value.ParsedProvider, new UsageCounterDelta(scope, window, 0, tokens, 0, expires), cancellationToken);
    }
}
