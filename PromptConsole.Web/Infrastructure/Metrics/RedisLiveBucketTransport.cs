using System.Globalization;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;
using StackExchange.Redis;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// Live seconds in Redis: one hash per second (<c>&lt;invalidation channel&gt;:live:&lt;second&gt;</c>, so
/// fleets sharing a Redis server stay apart the way their change messages do), one field per instance,
/// expiring after <see cref="Ttl"/>. A publication is one pipelined HSET + EXPIRE per changed second; a
/// read one pipelined HGETALL per second asked for.
/// </summary>
public sealed class RedisLiveBucketTransport(RedisConnection redis, IOptions<RedisOptions> options) : ILiveBucketTransport
{
    /// <summary>The live window (15 minutes) plus a minute's margin.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(16);

    public string Name => "redis";

    private RedisKey KeyOf(long second) => $"{options.Value.InvalidationChannel}:live:{second.ToString(CultureInfo.InvariantCulture)}";

    public async Task PublishAsync(string instance, IReadOnlyList<SecondSeries> seconds, CancellationToken cancellationToken)
    {
        if (seconds.Count == 0 || await redis.GetAsync(cancellationToken) is not { } multiplexer)
            return;
        var db = multiplexer.GetDatabase();
        var batch = db.CreateBatch();
        var writes = new List<Task>(seconds.Count * 2);
        foreach (var second in seconds)
        {
            var key = KeyOf(second.Second);
            writes.Add(batch.HashSetAsync(key, instance, LiveSecondCodec.Encode(second.Series)));
            writes.Add(batch.KeyExpireAsync(key, Ttl));
        }

        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task<IReadOnlyList<LiveSecondPayload>> ReadAsync(string exceptInstance, long fromSecond, long toSecond, CancellationToken cancellationToken)
    {
        if (toSecond < fromSecond || await redis.GetAsync(cancellationToken) is not { } multiplexer)
            return [];
        var db = multiplexer.GetDatabase();
        var batch = db.CreateBatch();
        var reads = new List<(long Second, Task<HashEntry[]> Entries)>();
        for (var second = fromSecond; second <= toSecond; second++)
            reads.Add((second, batch.HashGetAllAsync(KeyOf(second))));
        batch.Execute();
        await Task.WhenAll(reads.Select(r => r.Entries));

        var payloads = new List<LiveSecondPayload>();
        foreach (var (second, entries) in reads)
        {
            foreach (var entry in entries.Result)
            {
                var instance = (string?)entry.Name;
                if (instance is null || instance == exceptInstance || entry.Value.IsNullOrEmpty)
                    continue;
                payloads.Add(new LiveSecondPayload(instance, second, entry.Value!));
            }
        }

        return payloads;
    }

    public Task<int> PruneAsync(long beforeSecond, CancellationToken cancellationToken) => Task.FromResult(0);
}
