using System.Text.Json;
using System.Text.Json.Serialization;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Api;

/// <summary><c>PUT /api/v1/prompts/{key}/cache</c>: <c>enabled</c> is required; a missing <c>ttlSeconds</c> keeps the current TTL.</summary>
public sealed record CacheSettingsBody(bool? Enabled, int? TtlSeconds);

/// <summary>This instance's figures for a prompt since it started (hit rate counts coalesced requests as hits).</summary>
public sealed record CacheFiguresView(
    long HitsL1,
    long HitsL2,
    long Coalesced,
    long Misses,
    long Bypasses,
    double? HitRate,
    long Stored,
    long StoredBytes,
    long SavedTokens,
    decimal SavedCostUsd,
    long Purges)
{
    public static CacheFiguresView From(PromptCacheFigures? f) => f is null
        ? new CacheFiguresView(0, 0, 0, 0, 0, null, 0, 0, 0, 0m, 0)
        : new CacheFiguresView(f.HitsL1, f.HitsL2, f.Coalesced, f.Misses, f.Bypasses, f.HitRate, f.Stored, f.StoredBytes, f.SavedTokens, f.SavedCostUsd, f.Purges);
}

public sealed record CacheSettingsView(string PromptKey, bool Enabled, int TtlSeconds, CacheFiguresView Figures);

public sealed record CachePurgeView(string PromptKey, int? Version, string Tag, DateTimeOffset PurgedAt);

/// <summary><c>GET /api/v1/cache</c>: whether the Redis tier is in use right now, and every prompt's settings and figures.</summary>
public sealed record CacheOverviewView(bool DistributedTier, bool RedisConfigured, long RedisFailures, long PurgesReceived, IReadOnlyList<CacheSettingsView> Prompts)
{
    /// <summary>The in-process tier (L1): entries held, its bound in bytes, entries evicted at expiry and for room.</summary>
    public LocalTierView LocalTier { get; init; } = new(0, 0, 0, 0);
}

public sealed record LocalTierView(long Entries, long MaxBytes, long Expired, long EvictedForRoom);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(CacheSettingsBody))]
[JsonSerializable(typeof(CacheSettingsView))]
[JsonSerializable(typeof(CachePurgeView))]
[JsonSerializable(typeof(CacheOverviewView))]
public sealed partial class CacheJsonContext : JsonSerializerContext;
