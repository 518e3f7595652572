using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// Every flag in memory, keyed by flag key, reloaded as a whole when a change on this instance
/// invalidates it, when another instance's change arrives over the <see cref="ConfigurationChangeBus"/>, or
/// when it is older than <see cref="FlagOptions.CacheSeconds"/> (the last resort). A hit is a field read and a
/// dictionary lookup. A failed load fails the evaluation that asked (flags have no safe fallback to serve).
/// </summary>
public sealed class FlagDefinitionCache
{
    private readonly ReloadableValue<FrozenDictionary<string, CachedFlag>> _flags;

    public FlagDefinitionCache(IFeatureFlagSource source, IOptions<FlagOptions> options, TimeProvider time, ConfigurationChangeBus? bus = null)
    {
        _flags = new ReloadableValue<FrozenDictionary<string, CachedFlag>>(
            ConfigurationChange.Flags,
            async cancellationToken => (await source.LoadAllAsync(cancellationToken))
                .Select(CachedFlag.From)
                .ToFrozenDictionary(f => f.Flag.Key, StringComparer.Ordinal),
            options.Value.CacheDuration,
            time,
            bus);
    }

    public async ValueTask<IReadOnlyDictionary<string, CachedFlag>> GetAllAsync(CancellationToken cancellationToken = default) =>
        await _flags.GetAsync(cancellationToken);

    public async ValueTask<CachedFlag?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        var flags = await _flags.GetAsync(cancellationToken);
        return flags.GetValueOrDefault(key);
    }

    public void Invalidate() => _flags.Invalidate();
}
