using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Fleet;
using StackExchange.Redis;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// The exact cache's L2: Redis through the instance's one multiplexer (<see cref="RedisConnection"/>). While Redis
/// is unreachable the tier is skipped (a read is a miss, a write is dropped) instead of waiting for a timeout or
/// throwing, so requests go on from L1 and the provider; the multiplexer reconnects on its own and the tier is used
/// again from then on. Any Redis error is taken the same way.
/// </summary>
public sealed partial class ResilientRedisCache : IBufferDistributedCache, IDisposable
{
    private readonly RedisConnection _redis;
    private readonly RedisCache _inner;
    private readonly ILogger<ResilientRedisCache> _logger;
    private long _failures;

    public ResilientRedisCache(RedisConnection redis, IOptions<ExactCacheOptions> options, ILogger<ResilientRedisCache> logger)
    {
        _redis = redis;
        _logger = logger;
        _inner = new RedisCache(Options.Create(new RedisCacheOptions
        {
            InstanceName = options.Value.RedisInstanceName,
            ConnectionMultiplexerFactory = async () => (IConnectionMultiplexer?)await redis.GetAsync() ?? throw new InvalidOperationException("Redis is not configured."),
        }));
    }

    /// <summary>Operations skipped or failed because Redis was away (for the cache page).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    private bool Available => _redis.IsConnected;

    public byte[]? Get(string key) => Available ? Guard(() => _inner.Get(key), null) : Skipped<byte[]?>(null);

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        if (!Available)
            return Skipped<byte[]?>(null);
        try
        {
            return await _inner.GetAsync(key, token);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            return Failed<byte[]?>(exception, null);
        }
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        if (Available)
            Guard(() => { _inner.Set(key, value, options); return true; }, false);
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (!Available)
            return;
        try
        {
            await _inner.SetAsync(key, value, options, token);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            Failed(exception, false);
        }
    }

    public void Refresh(string key)
    {
        if (Available)
            Guard(() => { _inner.Refresh(key); return true; }, false);
    }

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        if (!Available)
            return;
        try
        {
            await _inner.RefreshAsync(key, token);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            Failed(exception, false);
        }
    }

    public void Remove(string key)
    {
        if (Available)
            Guard(() => { _inner.Remove(key); return true; }, false);
    }

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        if (!Available)
            return;
        try
        {
            await _inner.RemoveAsync(key, token);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            Failed(exception, false);
        }
    }

    public bool TryGet(string key, IBufferWriter<byte> destination) =>
        Available ? Guard(() => ((IBufferDistributedCache)_inner).TryGet(key, destination), false) : Skipped(false);

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default)
    {
        if (!Available)
            return Skipped(false);
        try
        {
            return await ((IBufferDistributedCache)_inner).TryGetAsync(key, destination, token);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            return Failed(exception, false);
        }
    }

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options)
    {
        if (Available)
            Guard(() => { ((IBufferDistributedCache)_inner).Set(key, value, options); return true; }, false);
    }

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        if (!Available)
            return;
        try
        {
            await ((IBufferDistributedCache)_inner).SetAsync(key, value, options, token);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            Failed(exception, false);
        }
    }

    public void Dispose() => _inner.Dispose();

    private T Guard<T>(Func<T> operation, T fallback)
    {
        try
        {
            return operation();
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            return Failed(exception, fallback);
        }
    }

    private T Skipped<T>(T fallback)
    {
        if (_redis.IsConfigured)
            Interlocked.Increment(ref _failures);
        return fallback;
    }

    private T Failed<T>(Exception exception, T fallback)
    {
        Interlocked.Increment(ref _failures);
        LogFailed(exception);
        return fallback;
    }

    private static bool IsRedisFailure(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException or InvalidOperationException;

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "The Redis tier of the response cache failed; the request goes on without it")]
    private partial void LogFailed(Exception exception);
}
