using PromptConsole.Domain.Limits;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Services.Limits;
using StackExchange.Redis;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>
/// The limiter: reads what the caller's key and tenant used (the month from the <see cref="MonthlyUsageLedger"/>,
/// the minute's tokens from the short-window store), refuses when a budget or token limit is reached, then counts
/// the request in the second (atomically, refusing above the limit). The short windows live in Redis when it is
/// configured and connected; when it is not (or a call to it fails) the database counts at once, with no wait
/// beyond Redis's own short timeouts, and Redis is used again as soon as it reconnects. When neither can be
/// reached the request is admitted: limits must not turn an outage into failed requests.
/// </summary>
public sealed partial class UsageLimiter(
    RedisConnection redisConnection,
    RedisUsageCounterStore redis,
    DatabaseUsageCounterStore database,
    MonthlyUsageLedger ledger,
    UsageLimitMetrics metrics,
    TimeProvider time,
    ILogger<UsageLimiter> logger) : IUsageLimiter
{
    private static readonly UsageScopeKind[] Sides = [UsageScopeKind.Key, UsageScopeKind.Tenant];

    private volatile bool _fallingBack;
    private DateTimeOffset _fallbackSince;

    public bool IsFallingBack => _fallingBack;

    public async Task<UsageVerdict> AdmitAsync(UsageCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow();
        var key = caller.LimitsOf(UsageScopeKind.Key);
        var tenant = caller.LimitsOf(UsageScopeKind.Tenant);

        var keyUsage = await UsedAsync(caller, UsageScopeKind.Key, now, cancellationToken);
        var tenantUsage = await UsedAsync(caller, UsageScopeKind.Tenant, now, cancellationToken);
        if (UsageDecision.FirstExceeded(key, keyUsage, tenant, tenantUsage, now) is { } exhausted)
            return Refuse(exhausted);

        var counters = new List<(RequestCounter Counter, UsageScopeKind Side)>(2);
        foreach (var side in Sides)
        {
            if (caller.ScopeOf(side) is { } scope && caller.LimitsOf(side).RequestsPerSecond is { } rps)
                counters.Add((new RequestCounter(scope, rps), side));
        }

        if (counters.Count > 0)
        {
            var refused = await CountAsync([.. counters.Select(c => c.Counter)], now, cancellationToken);
            if (refused >= 0)
            {
                var (counter, side) = counters[refused];
                return Refuse(new ExceededLimit(side, UsageLimitKind.RequestsPerSecond, counter.Limit, UsageDecision.RetryAfterSeconds(UsageLimitKind.RequestsPerSecond, now)));
            }
        }

        foreach (var side in Sides)
        {
            if (caller.ScopeOf(side) is { } scope)
                ledger.Add(scope, now, 1, 0, 0);
        }

        return UsageVerdict.Admitted;
    }

    public async Task RecordAsync(UsageCaller caller, int tokens, decimal costUsd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (tokens <= 0 && costUsd <= 0)
            return;
        var now = time.GetUtcNow();
        var limited = new List<string>(2);
        foreach (var side in Sides)
        {
            if (caller.ScopeOf(side) is not { } scope)
                continue;
            ledger.Add(scope, now, 0, Math.Max(0, tokens), Math.Max(0, costUsd));
            if (tokens > 0 && caller.LimitsOf(side).TokensPerMinute is not null)
                limited.Add(scope);
        }

        if (limited.Count > 0)
            await OnStoreAsync(
                async store =>
                {
                    await store.AddTokensAsync(limited, tokens, now, cancellationToken);
                    return true;
                },
                false,
                cancellationToken);
    }

    /// <summary>What one side used so far in the minute (tokens) and the month (dollars), only as far as it has such limits.</summary>
    private async Task<UsageCounts> UsedAsync(UsageCaller caller, UsageScopeKind side, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (caller.ScopeOf(side) is not { } scope)
            return UsageCounts.Zero;
        var limits = caller.LimitsOf(side);
        var cost = 0m;
        long tokens = 0;
        if (limits.MonthlyBudgetUsd is not null)
            cost = (await ledger.ReadAsync(scope, now, cancellationToken)).CostUsd;
        if (limits.TokensPerMinute is not null)
            tokens = (await OnStoreAsync(store => store.ReadTokensAsync([scope], now, cancellationToken), [0L], cancellationToken))[0];
        return new UsageCounts(0, tokens, cost);
    }

    private Task<int> CountAsync(IReadOnlyList<RequestCounter> counters, DateTimeOffset now, CancellationToken cancellationToken) =>
        OnStoreAsync(store => store.CountRequestAsync(counters, now, cancellationToken), -1, cancellationToken);

    /// <summary>Runs on Redis when it is there, else (or when the call fails) on the database; when that fails too, answers <paramref name="failOpen"/>.</summary>
    private async Task<T> OnStoreAsync<T>(Func<IUsageCounterStore, Task<T>> operation, T failOpen, CancellationToken cancellationToken)
    {
        if (redisConnection.IsConfigured)
        {
            Exception? failure = null;
            try
            {
                if (await redis.ReadyAsync(cancellationToken) is not null)
                {
                    var answer = await operation(redis);
                    BackOnRedis();
                    return answer;
                }
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
            {
                failure = exception;
            }

            FallBack(failure);
            metrics.CountDatabaseCount();
        }

        try
        {
            return await operation(database);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.CountStoreFailure();
            LogStoresFailed(exception);
            return failOpen;
        }
    }

    private void FallBack(Exception? failure)
    {
        if (_fallingBack)
            return;
        lock (this)
        {
            if (_fallingBack)
                return;
            _fallbackSince = time.GetUtcNow();
            _fallingBack = true;
        }

        metrics.SetFallingBack(true);
        LogFallingBack(failure);
    }

    private void BackOnRedis()
    {
        if (!_fallingBack)
            return;
        double seconds;
        lock (this)
        {
            if (!_fallingBack)
                return;
            _fallingBack = false;
            seconds = (time.GetUtcNow() - _fallbackSince).TotalSeconds;
        }

        metrics.SetFallingBack(false);
        LogBackOnRedis(seconds);
    }

    private UsageVerdict Refuse(ExceededLimit limit)
    {
        metrics.CountRefusal(limit.Name);
        return new UsageVerdict(limit);
    }

    [LoggerMessage(EventId = 1240, Level = LogLevel.Warning, Message = "Redis is unreachable: usage limits are counted in the database until it is back")]
    private partial void LogFallingBack(Exception? exception);

    [LoggerMessage(EventId = 1241, Level = LogLevel.Information, Message = "Redis is back: usage limits are counted in Redis again after {Seconds:F1} s on the database")]
    private partial void LogBackOnRedis(double seconds);

    [LoggerMessage(EventId = 1242, Level = LogLevel.Error, Message = "Neither Redis nor the database could count usage; the request is admitted unchecked")]
    private partial void LogStoresFailed(Exception exception);
}
