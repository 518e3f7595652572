using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Services.Caching;

/// <summary>A cached answer and the tier that held it (<see cref="ExactCacheStatus.HitL1"/> or <see cref="ExactCacheStatus.HitL2"/>).</summary>
public sealed record CacheHit(CachedAnswer Answer, string Status);

/// <summary>The answer a fill produced, and whether this caller's own factory made it (false: it shared another's call).</summary>
public sealed record CacheFill(CachedAnswer Answer, bool OwnCall);

/// <summary>What a purge removed: the tag it invalidated on every instance.</summary>
public sealed record CachePurge(string PromptKey, int? Version, string Tag, DateTimeOffset PurgedAt);

/// <summary>
/// The exact response cache over <see cref="HybridCache"/>: L1 in this process, L2 in Redis when configured.
/// Lookups ask L1 alone first and then L2 alone, so a hit can say which tier held it; a miss then goes through
/// <see cref="GetOrCreateAsync{TState}"/>, where HybridCache runs one factory per key at a time in this process and
/// hands its result to every identical request waiting on it (request coalescing). Every entry carries the tags of its
/// prompt and version, so a purge is one tag removal; purges are published to the other instances, which drop their
/// L1 at once (HybridCache alone would keep serving their L1 until its local expiry).
/// </summary>
public sealed class ExactResponseCache(
    HybridCache cache,
    RedisConnection redis,
    ExactCacheInvalidations invalidations,
    IOptions<ExactCacheOptions> options,
    TimeProvider time)
{
    private static readonly HybridCacheEntryOptions LocalOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableDistributedCache | HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite,
    };

    private static readonly HybridCacheEntryOptions DistributedOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheRead | HybridCacheEntryFlags.DisableUnderlyingData,
        LocalCacheExpiration = TimeSpan.FromMinutes(1),
    };

    private static readonly Func<CancellationToken, ValueTask<CachedAnswer?>> Nothing = static _ => ValueTask.FromResult<CachedAnswer?>(null);

    /// <summary>Whether an L2 tier is there to ask right now (Redis configured and connected).</summary>
    public bool HasDistributedTier => redis.IsConfigured && redis.IsConnected;

    /// <summary>
    /// L1 alone, then L2 alone. The tags are passed on the lookups too: an entry HybridCache copies from L2 into L1
    /// takes the tags of the call that copied it, and without them a later purge would not reach that copy.
    /// </summary>
    public async ValueTask<CacheHit?> LookupAsync(string key, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var local = await cache.GetOrCreateAsync(key, Nothing, LocalOnly, tags, cancellationToken);
        if (local is not null)
            return new CacheHit(local, ExactCacheStatus.HitL1);
        if (!HasDistributedTier)
            return null;
        var shared = await cache.GetOrCreateAsync(key, Nothing, DistributedOnly, tags, cancellationToken);
        return shared is null ? null : new CacheHit(shared, ExactCacheStatus.HitL2);
    }

    /// <summary>
    /// Runs <paramref name="factory"/> unless an identical request is already running it (then its answer is shared)
    /// and stores the answer. A factory that throws stores nothing; every caller waiting on it gets the exception.
    /// </summary>
    public async Task<CacheFill> GetOrCreateAsync<TState>(
        string key,
        ExactCacheSettings settings,
        IReadOnlyList<string> tags,
        TState state,
        Func<TState, CancellationToken, ValueTask<CachedAnswer>> factory,
        CancellationToken cancellationToken)
    {
        var fill = new Fill<TState>(state, factory);
        var answer = await cache.GetOrCreateAsync(
            key,
            fill,
            static async (f, ct) =>
            {
                f.Ran = true;
                return await f.Factory(f.State, ct);
            },
            EntryOptions(settings),
            tags,
            cancellationToken);
        return new CacheFill(answer, fill.Ran);
    }

    /// <summary>Stores a fresh answer (a bypassing request's, which did not read the cache).</summary>
    public ValueTask StoreAsync(string key, ExactCacheSettings settings, IReadOnlyList<string> tags, CachedAnswer answer, CancellationToken cancellationToken) =>
        cache.SetAsync(key, answer, EntryOptions(settings), tags, cancellationToken);

    /// <summary>Drops a prompt's answers (or one version's) here and, through Redis, on every other instance.</summary>
    public async Task<CachePurge> PurgeAsync(string promptKey, int? version, CancellationToken cancellationToken)
    {
        var tag = version is { } v ? ExactCacheKey.VersionTag(promptKey, v) : ExactCacheKey.PromptTag(promptKey);
        await cache.RemoveByTagAsync(tag, cancellationToken);
        invalidations.Publish(tag);
        return new CachePurge(promptKey, version, tag, time.GetUtcNow());
    }

    public static IReadOnlyList<string> TagsOf(string promptKey, int version) =>
        [ExactCacheKey.PromptTag(promptKey), ExactCacheKey.VersionTag(promptKey, version)];

    private HybridCacheEntryOptions EntryOptions(ExactCacheSettings settings)
    {
        var local = options.Value.LocalExpiration;
        return new HybridCacheEntryOptions
        {
            Expiration = settings.Ttl,
            LocalCacheExpiration = settings.Ttl < local ? settings.Ttl : local,
            Flags = HasDistributedTier ? HybridCacheEntryFlags.None : HybridCacheEntryFlags.DisableDistributedCache,
        };
    }

    private sealed class Fill<TState>(TState state, Func<TState, CancellationToken, ValueTask<CachedAnswer>> factory)
    {
        public TState State { get; } = state;

        public Func<TState, CancellationToken, ValueTask<CachedAnswer>> Factory { get; } = factory;

        public bool Ran { get; set; }
    }
}
