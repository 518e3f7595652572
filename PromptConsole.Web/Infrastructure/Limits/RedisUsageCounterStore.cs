using Microsoft.Extensions.Options;
using PromptConsole.Domain.Limits;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;
using StackExchange.Redis;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>
/// The short windows in Redis: one key per scope and window that expires shortly after the window. A request is
/// counted by one Lua script (atomic on the server): INCR each counter (setting its expiry on creation) and, when one
/// goes above its limit, DECR those already counted and answer which refused.
/// </summary>
public sealed class RedisUsageCounterStore(RedisConnection connection, IOptions<LimitsOptions> options) : IUsageCounterStore
{
    private const string CountScript = """
        for i, key in ipairs(KEYS) do
          local n = redis.call('INCR', key)
          if n == 1 then redis.call('EXPIRE', key, ARGV[1]) end
          if n > tonumber(ARGV[i + 1]) then
            for j = 1, i do redis.call('DECR', KEYS[j]) end
            return i
          end
        end
        return 0
        """;

    private const string AddScript = """
        for _, key in ipairs(KEYS) do
          redis.call('INCRBY', key, ARGV[1])
          redis.call('EXPIRE', key, ARGV[2])
        end
        return 0
        """;

    // Longer than the window, so a counter outlives clock differences between instances of a second or so.
    private const int SecondCounterSeconds = 3;
    private const int MinuteCounterSeconds = 120;

    /// <summary>The database, connected now; null when Redis is not configured or not reachable (then the caller falls back).</summary>
    public async Task<IDatabase?> ReadyAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await connection.GetAsync(cancellationToken);
        return multiplexer is { IsConnected: true } ? multiplexer.GetDatabase() : null;
    }

    public async Task<int> CountRequestAsync(IReadOnlyList<RequestCounter> counters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var redis = await RequireAsync(cancellationToken);
        var window = UsageWindows.KeyOf(UsageWindowKind.Second, now);
        var keys = counters.Select(c => Key(c.Scope, window)).ToArray();
        var arguments = new RedisValue[counters.Count + 1];
        arguments[0] = SecondCounterSeconds;
        for (var i = 0; i < counters.Count; i++)
            arguments[i + 1] = counters[i].Limit;
        var refused = (int)await redis.ScriptEvaluateAsync(CountScript, keys, arguments);
        return refused - 1;
    }

    public async Task<long[]> ReadTokensAsync(IReadOnlyList<string> scopes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var redis = await RequireAsync(cancellationToken);
        var window = UsageWindows.KeyOf(UsageWindowKind.Minute, now);
        var values = await redis.StringGetAsync([.. scopes.Select(s => Key(s, window))]);
        return [.. values.Select(v => v.TryParse(out long tokens) ? tokens : 0)];
    }

    public async Task AddTokensAsync(IReadOnlyList<string> scopes, long tokens, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var redis = await RequireAsync(cancellationToken);
        var window = UsageWindows.KeyOf(UsageWindowKind.Minute, now);
        await redis.ScriptEvaluateAsync(AddScript, [.. scopes.Select(s => Key(s, window))], [tokens, MinuteCounterSeconds]);
    }

    private async Task<IDatabase> RequireAsync(CancellationToken cancellationToken) =>
        await ReadyAsync(cancellationToken) ?? throw new RedisException("Redis is not connected.");

    private RedisKey Key(string scope, string window) => options.Value.RedisKeyPrefix + scope + ":" + window;
}
