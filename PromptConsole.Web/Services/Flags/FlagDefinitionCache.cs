using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// Every flag in memory, keyed by flag key, reloaded as a whole when a change on this instance
/// invalidates it, when another instance's change arrives over the <see cref="ConfigurationChangeBus"/>, or
/// when it is older than <see cref="FlagOptions.CacheSeconds"/> (the last resort). A hit is a field read and a
/// dictionary lookup.
/// </summary>
public sealed class FlagDefinitionCache
{
    private readonly IFeatureFlagSource _source;
    private readonly IOptions<FlagOptions> _options;
    private readonly TimeProvider _time;
    private readonly ConfigurationChangeBus? _bus;

    public FlagDefinitionCache(IFeatureFlagSource source, IOptions<FlagOptions> options, TimeProvider time, ConfigurationChangeBus? bus = null)
    {
        _source = source;
        _options = options;
        _time = time;
        _bus = bus;
        bus?.Subscribe(change =>
        {
            if (change.Scope is ConfigurationChangeScope.Flags or ConfigurationChangeScope.Everything)
                Drop();
        });
    }

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
        Drop();
        _bus?.Publish(ConfigurationChange.Flags);
    }

    private void Drop()
    {
        Interlocked.Increment(ref _invalidations);
        _loaded = null;
    }

    private bool IsFresh(Loaded loaded) => _time.GetUtcNow() - loaded.At < _options.Value.CacheDuration;

    private async Task<IReadOnlyDictionary<string, CachedFlag>> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have loaded while this one waited.
            if (_loaded is { } current && IsFresh(current))
                return current.Flags;

            var invalidationsBefore = Interlocked.Read(ref _invalidations);
            var at = _time.GetUtcNow();
            var flags = (await _source.LoadAllAsync(cancellationToken))
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
