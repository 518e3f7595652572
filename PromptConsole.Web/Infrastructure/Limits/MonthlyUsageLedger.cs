using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Limits;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>What a scope used in one calendar month.</summary>
public readonly record struct MonthlyUsage(long Requests, long Tokens, decimal CostUsd);

/// <summary>
/// The month's requests, tokens and dollars per scope, kept durably in the database (<c>UsageCounters</c>, month
/// windows) whether or not Redis is up, so a budget survives a Redis restart. Additions wait in memory and are
/// written in batches (<see cref="FlushAsync"/>, every <see cref="LimitsOptions.BudgetFlushInterval"/>); while the
/// database is away they keep waiting (one entry per scope and month, whatever the traffic) and nothing is lost.
/// A read is the database's total (re-read at most every <see cref="LimitsOptions.BudgetReadCache"/>) plus what this
/// instance has not written yet, so other instances' spend counts after about a second.
/// </summary>
public sealed partial class MonthlyUsageLedger(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    IOptions<DatabaseOptions> database,
    IOptions<LimitsOptions> options,
    TimeProvider time,
    ILogger<MonthlyUsageLedger> logger)
{
    public const long NanosPerDollar = 1_000_000_000;

    private readonly ConcurrentDictionary<(string Scope, string Month), Entry> _entries = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private bool _flushFailing;

    public void Add(string scope, DateTimeOffset now, long requests, long tokens, decimal costUsd)
    {
        var entry = _entries.GetOrAdd((scope, UsageWindows.KeyOf(UsageWindowKind.Month, now)), _ => new Entry());
        var nanos = ToNanos(costUsd);
        lock (entry)
        {
            entry.Pending = entry.Pending.Plus(requests, tokens, nanos);
            entry.ExpiresAtUnixSeconds = UsageWindows.ExpiresAt(UsageWindowKind.Month, now).ToUnixTimeSeconds();
        }
    }

    /// <summary>The scope's usage in <paramref name="now"/>'s month, across instances (at most the read cache old) plus this instance's unwritten part.</summary>
    public async ValueTask<MonthlyUsage> ReadAsync(string scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var month = UsageWindows.KeyOf(UsageWindowKind.Month, now);
        var entry = _entries.GetOrAdd((scope, month), _ => new Entry());
        DateTimeOffset? readAt;
        long flushes;
        lock (entry)
        {
            readAt = entry.ReadAt;
            flushes = entry.Flushes;
        }

        if (readAt is null || time.GetUtcNow() - readAt.Value >= options.Value.BudgetReadCache)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.Database.OpenConnectionAsync(cancellationToken);
                var found = await UsageCounterSql.ReadAsync(db.Database.GetDbConnection(), month, [scope], cancellationToken);
                var stored = found.GetValueOrDefault(scope);
                lock (entry)
                {
                    // A flush that committed meanwhile already moved its part into Stored; this read may predate it.
                    if (entry.Flushes == flushes)
                        entry.Stored = stored;
                    entry.ReadAt = time.GetUtcNow();
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The database is away: decide on what was read last (and this instance's own additions) instead of failing the request.
                LogReadFailed(exception, scope);
                lock (entry)
                    entry.ReadAt = time.GetUtcNow();
            }
        }

        lock (entry)
        {
            var total = entry.Stored.Plus(entry.Pending.Requests, entry.Pending.Tokens, entry.Pending.CostNanoUsd);
            return new MonthlyUsage(total.Requests, total.Tokens, (decimal)total.CostNanoUsd / NanosPerDollar);
        }
    }

    /// <summary>Writes every waiting addition; what fails stays for the next flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var currentMonth = UsageWindows.KeyOf(UsageWindowKind.Month, time.GetUtcNow());
            var waiting = new List<((string Scope, string Month) Key, Entry Entry, UsageCounterValues Delta, long Expires)>();
            foreach (var (key, entry) in _entries)
            {
                lock (entry)
                {
                    if (entry.Pending != default)
                        waiting.Add((key, entry, entry.Pending, entry.ExpiresAtUnixSeconds));
                    else if (key.Month != currentMonth)
                        _entries.TryRemove(key, out _);
                }
            }

            if (waiting.Count == 0)
                return;

            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.Database.OpenConnectionAsync(cancellationToken);
                var connection = db.Database.GetDbConnection();
                foreach (var (key, entry, delta, expires) in waiting)
                {
                    var total = await UsageCounterSql.AddAsync(
                        connection, null, database.Value.ParsedProvider,
                        new UsageCounterDelta(key.Scope, key.Month, delta.Requests, delta.Tokens, delta.CostNanoUsd, expires), cancellationToken);
                    lock (entry)
                    {
                        entry.Pending = entry.Pending.Plus(-delta.Requests, -delta.Tokens, -delta.CostNanoUsd);
                        entry.Stored = total;
                        entry.Flushes++;
                    }
                }

                if (_flushFailing)
                {
                    _flushFailing = false;
                    LogFlushRecovered();
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                if (!_flushFailing)
                    LogFlushFailed(exception);
                _flushFailing = true;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private static long ToNanos(decimal usd) => (long)decimal.Round(usd * NanosPerDollar, MidpointRounding.AwayFromZero);

    private sealed class Entry
    {
        public UsageCounterValues Pending;
        public UsageCounterValues Stored;
        public long ExpiresAtUnixSeconds;
        public DateTimeOffset? ReadAt;
        public long Flushes;
    }

    [LoggerMessage(EventId = 1250, Level = LogLevel.Warning, Message = "Reading the month's usage of {Scope} failed; deciding on the last value read")]
    private partial void LogReadFailed(Exception exception, string scope);

    [LoggerMessage(EventId = 1251, Level = LogLevel.Warning, Message = "Writing the month's usage counters failed; they wait in memory and are retried")]
    private partial void LogFlushFailed(Exception exception);

    [LoggerMessage(EventId = 1252, Level = LogLevel.Information, Message = "Writing the month's usage counters works again")]
    private partial void LogFlushRecovered();
}

internal static class UsageCounterValuesArithmetic
{
    public static UsageCounterValues Plus(this UsageCounterValues values, long requests, long tokens, long costNanoUsd) =>
        new(values.Requests + requests, values.Tokens + tokens, values.CostNanoUsd + costNanoUsd);
}
