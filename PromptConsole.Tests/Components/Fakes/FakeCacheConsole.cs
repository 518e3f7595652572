using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>The cache page's and the cache tab's backend in memory: settings per prompt, figures a test sets, purges recorded.</summary>
public sealed class FakeCacheConsole : ICacheConsole
{
    public Dictionary<string, ExactCacheSettings> Settings { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PromptCacheFigures> Figures { get; } = new(StringComparer.Ordinal);

    /// <summary>Semantic-cache figures per prompt (or <c>_chat</c>); a key here counts as having the semantic cache on.</summary>
    public Dictionary<string, SemanticCacheFigures> SemanticFigures { get; } = new(StringComparer.Ordinal);

    public List<(string Key, int? Version, string Actor)> Purges { get; } = [];

    public List<string> Actors { get; } = [];

    public bool DistributedTier { get; set; }

    public bool RedisConfigured { get; set; }

    public LocalTierFigures LocalTier { get; set; } = LocalTierFigures.None;

    public Task<CacheOverview> OverviewAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new CacheOverview(DistributedTier, RedisConfigured, 0, 0,
            Settings.Keys.Union(Figures.Keys).Union(SemanticFigures.Keys).Order(StringComparer.Ordinal).Select(State).ToArray()) { LocalTier = LocalTier });

    public Task<Result<PromptCacheState>> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult<Result<PromptCacheState>>(State(key));

    public Task<Result<PromptCacheState>> ConfigureAsync(string key, bool? enabled, int? ttlSeconds, string actor, CancellationToken cancellationToken)
    {
        var current = Settings.GetValueOrDefault(key) ?? ExactCacheSettings.Off;
        var settings = ExactCacheSettings.Create(enabled, ttlSeconds, current.TtlSeconds);
        if (!settings.IsSuccess)
            return Task.FromResult<Result<PromptCacheState>>(settings.Error!);
        Settings[key] = settings.Value;
        Actors.Add(actor);
        return Task.FromResult<Result<PromptCacheState>>(State(key));
    }

    public Task<Result<CachePurge>> PurgeAsync(string key, int? version, string actor, CancellationToken cancellationToken)
    {
        if (!Settings.ContainsKey(key) && !Figures.ContainsKey(key))
            return Task.FromResult<Result<CachePurge>>(Error.NotFound("prompt-not-found", $"There is no prompt '{key}'."));
        Purges.Add((key, version, actor));
        var tag = version is { } v ? ExactCacheKey.VersionTag(key, v) : ExactCacheKey.PromptTag(key);
        return Task.FromResult<Result<CachePurge>>(new CachePurge(key, version, tag, DateTimeOffset.UnixEpoch));
    }

    private PromptCacheState State(string key) => new(key, Settings.GetValueOrDefault(key) ?? ExactCacheSettings.Off, Figures.GetValueOrDefault(key))
    {
        Semantic = SemanticFigures.GetValueOrDefault(key),
        SemanticEnabled = SemanticFigures.ContainsKey(key),
    };
}
