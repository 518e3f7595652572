using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// Every flag in memory, keyed by flag key, reloaded as a whole when a change on this instance
/// invalidates it or when it is older than <see cref="FlagOptions.CacheSeconds"/> (changes made on
/// other instances). A hit is a field read and a dictionary lookup.
/// </summary>
public sealed class FlagDefinitionCache(IFeatureFlagSource source, IOptions<FlagOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _loaded;

    // Bumped by every invalidation. A load that overlapped one may hold pre-change state, so it is
    // returned to its caller but not kept.
    private long _invalidations;

    public async ValueTask<IReadOnlyDictionary<string, CachedFlag>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var loaded = _loaded;
        if (loaded is not null && IsFresh(loaded))
            return loaded.Flags;
        return await LoadAsync(cancellationToken);
    }

    public async ValueTask<CachedFlag?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var flags = await GetAllAsync(cancellationToken);
        return flags.GetValueOrDefault(key);
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _invalidations);
        _loaded = null;
    }

    private bool IsFresh(Loaded loaded) => time.GetUtcNow() - loaded.At < options.Value.CacheDuration;

    private async Task<IReadOnlyDictionary<string, CachedFlag>> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have loaded while this one waited.
            if (_loaded is { } current && IsFresh(current))
                return current.Flags;

            var invalidationsBefore = Interlocked.Read(ref _invalidations);
            var at = time.GetUtcNow();
            var flags = (await source.LoadAllAsync(cancellationToken))
                .Select(CachedFlag.From)
                .ToFrozenDictionary(f => f.Flag.Key, StringComparer.Ordinal);
            if (Interlocked.Read(ref _invalidations) == invalidationsBefore)
                _loaded = new Loaded(flags, at);
            return flags;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Loaded(FrozenDictionary<string, CachedFlag> Flags, DateTimeOffset At);
}
