using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// The process's <see cref="IMemoryCache"/> (HybridCache keeps the exact cache's L1 in it), counting the entries it
/// evicts: at their expiry (the prompt's TTL or the L1 bound) or for room once <c>PromptConsole:Cache:LocalMaxBytes</c>
/// is reached. HybridCache reports neither, and the cache page shows both. Purges are not evictions: HybridCache
/// drops purged entries by tag when they are next read.
/// </summary>
public sealed class EvictionCountingMemoryCache(IOptions<MemoryCacheOptions> options) : IMemoryCache
{
    private static readonly PostEvictionDelegate OnEvicted = static (_, _, reason, state) => ((EvictionCountingMemoryCache)state!).Count(reason);

    private readonly MemoryCache _inner = new(options);
    private long _expired;
    private long _forRoom;

    /// <summary>Entries dropped because they expired.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Entries dropped to stay within the size bound.</summary>
    public long EvictedForRoom => Interlocked.Read(ref _forRoom);

    public long EntryCount => _inner.Count;

    public ICacheEntry CreateEntry(object key) => _inner.CreateEntry(key).RegisterPostEvictionCallback(OnEvicted, this);

    public void Remove(object key) => _inner.Remove(key);

    public bool TryGetValue(object key, out object? value) => _inner.TryGetValue(key, out value);

    public MemoryCacheStatistics? GetCurrentStatistics() => _inner.GetCurrentStatistics();

    public void Dispose() => _inner.Dispose();

    private void Count(EvictionReason reason)
    {
        switch (reason)
        {
            case EvictionReason.Expired or EvictionReason.TokenExpired:
                Interlocked.Increment(ref _expired);
                break;
            case EvictionReason.Capacity:
                Interlocked.Increment(ref _forRoom);
                break;
        }
    }
}
