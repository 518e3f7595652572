using System.Globalization;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Caching;

/// <summary>A prompt's cache settings with this instance's figures.</summary>
public sealed record PromptCacheState(string PromptKey, ExactCacheSettings Settings, PromptCacheFigures? Figures)
{
    /// <summary>This instance's semantic-cache figures of the prompt (or of raw conversations), when it has any.</summary>
    public SemanticCacheFigures? Semantic { get; init; }

    /// <summary>Whether the semantic cache is on (the prompt's, or raw conversations' by configuration).</summary>
    public bool SemanticEnabled { get; init; }
}

/// <summary>This instance's in-process tier: entries held, its bound, and entries evicted at expiry or for room.</summary>
public sealed record LocalTierFigures(long Entries, long MaxBytes, long Expired, long EvictedForRoom)
{
    public static LocalTierFigures None { get; } = new(0, 0, 0, 0);
}

/// <summary>A whole view for the console's cache page and <c>GET /api/v1/cache</c>.</summary>
public sealed record CacheOverview(bool DistributedTier, bool RedisConfigured, long RedisFailures, long PurgesReceived, IReadOnlyList<PromptCacheState> Prompts)
{
    public LocalTierFigures LocalTier { get; init; } = LocalTierFigures.None;
}

/// <summary>
/// What operators do with the exact cache, from the console and the API alike: switch it per prompt (audited, through
/// the prompt registry so every instance's snapshot follows), purge a prompt or one version (audited, published to
/// every instance), and read the figures.
/// </summary>
public sealed class CacheAdministration(
    IPromptRegistry registry,
    ExactResponseCache cache,
    ExactCacheStatistics statistics,
    ExactCacheInvalidations invalidations,
    ResilientRedisCache redisTier,
    RedisConnection redis,
    EvictionCountingMemoryCache local,
    Microsoft.Extensions.Options.IOptions<ExactCacheOptions> options,
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    TimeProvider time,
    SemanticResponseCache? semantic = null,
    SemanticCacheStatistics? semanticStatistics = null) : ICacheConsole
{
    public async Task<Result<PromptCacheState>> GetAsync(string key, CancellationToken cancellationToken)
    {
        var prompt = await registry.GetAsync(key, cancellationToken);
        if (!prompt.IsSuccess)
            return prompt.Error!;
        return new PromptCacheState(key, prompt.Value.ExactCache, FiguresOf(key));
    }

    public async Task<Result<PromptCacheState>> ConfigureAsync(string key, bool? enabled, int? ttlSeconds, string actor, CancellationToken cancellationToken)
    {
        var prompt = await registry.GetAsync(key, cancellationToken);
        if (!prompt.IsSuccess)
            return prompt.Error!;
        var settings = ExactCacheSettings.Create(enabled, ttlSeconds, prompt.Value.ExactCacheTtlSeconds);
        if (!settings.IsSuccess)
            return settings.Error!;
        var saved = await registry.ConfigureCacheAsync(key, settings.Value, actor, cancellationToken);
        if (!saved.IsSuccess)
            return saved.Error!;
        return new PromptCacheState(key, saved.Value, FiguresOf(key));
    }

    public async Task<Result<CachePurge>> PurgeAsync(string key, int? version, string actor, CancellationToken cancellationToken)
    {
        // Raw conversations' answers (exact and semantic, under their reserved key) can be purged too: they have no versions.
        if (key == ChatCompletionGateway.RecordKey)
        {
            if (version is not null)
                return Error.Validation("invalid-version", "Raw conversations have no versions.", [new FieldError("version", "Raw conversations have no versions: purge them whole.")]);
        }
        else
        {
            var prompt = await registry.GetAsync(key, cancellationToken);
            if (!prompt.IsSuccess)
                return prompt.Error!;
            if (version is { } v && prompt.Value.FindVersion(v) is null)
                return Error.NotFound("version-not-found", $"Prompt '{key}' has no version {v}.");
        }

        var purge = await cache.PurgeAsync(key, version, cancellationToken);
        statistics.Purged(key);
        // The semantic cache's entries of the prompt (or version) go too, here, in Redis and on every instance.
        if (semantic is not null)
            await semantic.PurgeAsync(key, version, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var what = version is { } n ? "v" + n.ToString(CultureInfo.InvariantCulture) : "every version";
        var target = key == ChatCompletionGateway.RecordKey ? "raw conversations" : what;
        db.AuditEvents.Add(new AuditEvent(purge.PurgedAt, actor, AuditActions.CachePurged, key, $"prompt:{key}:cache", $"Purged the exact cache of {target}", null));
        await db.SaveChangesAsync(cancellationToken);
        return purge;
    }

    public async Task<CacheOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        var prompts = await registry.ListAsync(null, cancellationToken);
        var figures = statistics.Snapshot().ToDictionary(f => f.PromptKey, StringComparer.Ordinal);
        var semanticFigures = (semanticStatistics?.Snapshot(k => semantic?.SizeOf(k) ?? (0, 0)) ?? []).ToDictionary(f => f.PromptKey, StringComparer.Ordinal);
        var states = new List<PromptCacheState>(prompts.Count + 1);
        foreach (var summary in prompts)
        {
            var prompt = await registry.GetAsync(summary.Key, cancellationToken);
            if (prompt.IsSuccess)
            {
                states.Add(new PromptCacheState(summary.Key, prompt.Value.ExactCache, figures.GetValueOrDefault(summary.Key))
                {
                    Semantic = semanticFigures.GetValueOrDefault(summary.Key),
                    SemanticEnabled = prompt.Value.SemanticCache.Enabled,
                });
            }
        }

        // Raw conversations on /v1/chat/completions get their row when either cache is on for them, or they have figures.
        var chat = options.Value.ChatCompletions;
        var chatFigures = figures.GetValueOrDefault(ChatCompletionGateway.RecordKey);
        var chatSemantic = semanticFigures.GetValueOrDefault(ChatCompletionGateway.RecordKey);
        if (chat.Enabled || chat.Semantic.Enabled || chatFigures is not null || chatSemantic is not null)
        {
            states.Add(new PromptCacheState(ChatCompletionGateway.RecordKey, new ExactCacheSettings(chat.Enabled, chat.TtlSeconds), chatFigures)
            {
                Semantic = chatSemantic,
                SemanticEnabled = chat.Semantic.Enabled,
            });
        }

        return new CacheOverview(cache.HasDistributedTier, redis.IsConfigured, redisTier.Failures, invalidations.Received, states)
        {
            LocalTier = new LocalTierFigures(local.EntryCount, options.Value.LocalMaxBytes, local.Expired, local.EvictedForRoom),
        };
    }

    private PromptCacheFigures? FiguresOf(string key) =>
        statistics.Snapshot().FirstOrDefault(f => f.PromptKey == key);

    /// <summary>When the figures were read (for the page's caption).</summary>
    public DateTimeOffset Now => time.GetUtcNow();
}
