using System.Globalization;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Model.Caching;

/// <summary>One prompt's line on the cache page.</summary>
public sealed record PromptCacheRow(
    string PromptKey,
    bool Enabled,
    string Ttl,
    double? HitRate,
    long HitsL1,
    long HitsL2,
    long Coalesced,
    long Misses,
    long Bypasses,
    long Stored,
    long StoredBytes,
    long SavedTokens,
    decimal SavedCostUsd,
    long Purges)
{
    /// <summary>Answers the semantic cache served (its own figures; the prompt's tab has the rest).</summary>
    public long SemanticHits { get; init; }

    public bool SemanticEnabled { get; init; }

    /// <summary>The row of raw conversations on <c>/v1/chat/completions</c> (key <c>_chat</c>), not a prompt.</summary>
    public bool IsRawConversations => PromptKey == Services.ChatCompletionGateway.RecordKey;

    /// <summary>What the first column says: the prompt key, or what the reserved key stands for.</summary>
    public string Title => IsRawConversations ? "raw conversations (_chat)" : PromptKey;

    /// <summary>A prompt's page, or raw conversations' executions.</summary>
    public string Href => IsRawConversations ? "executions?prompt=" + Uri.EscapeDataString(PromptKey) : $"prompts/{Uri.EscapeDataString(PromptKey)}";

    public static PromptCacheRow From(PromptCacheState state)
    {
        var f = state.Figures;
        var semantic = state.Semantic;
        return new PromptCacheRow(
            state.PromptKey,
            state.Settings.Enabled,
            CachePageViewModel.TtlText(state.Settings.TtlSeconds),
            f?.HitRate,
            f?.HitsL1 ?? 0,
            f?.HitsL2 ?? 0,
            f?.Coalesced ?? 0,
            f?.Misses ?? 0,
            f?.Bypasses ?? 0,
            f?.Stored ?? 0,
            f?.StoredBytes ?? 0,
            (f?.SavedTokens ?? 0) + (semantic?.SavedTokens ?? 0),
            (f?.SavedCostUsd ?? 0m) + (semantic?.SavedCostUsd ?? 0m),
            f?.Purges ?? 0)
        {
            SemanticHits = semantic?.Hits ?? 0,
            SemanticEnabled = state.SemanticEnabled,
        };
    }
}

/// <summary>A result level's share of all cache lookups, for the bars at the top of the page.</summary>
public sealed record CacheResultShare(string Status, string Label, long Count, double? Share);

/// <summary>
/// The cache page: every prompt's exact-cache settings and this instance's figures (hit rates by level, answers
/// stored, tokens and dollars saved), the in-process tier's entries and evictions, the L2 tier's state, and purge per prompt.
/// </summary>
public sealed class CachePageViewModel(ICacheConsole cache, IConsoleUser user)
{
    public IReadOnlyList<PromptCacheRow> Rows { get; private set; } = [];

    /// <summary>Only the prompts with the cache on, or that have figures (switched off since).</summary>
    public IReadOnlyList<PromptCacheRow> ActiveRows => Rows.Where(r => r.Enabled || r.IsRawConversations || r.HitsL1 + r.HitsL2 + r.Coalesced + r.Misses + r.Bypasses > 0).ToArray();

    public IReadOnlyList<CacheResultShare> Levels { get; private set; } = [];

    public double? HitRate { get; private set; }

    public long SavedTokens { get; private set; }

    public decimal SavedCostUsd { get; private set; }

    public long Stored { get; private set; }

    public long StoredBytes { get; private set; }

    public int EnabledPrompts { get; private set; }

    /// <summary>"Redis (connected)", "Redis configured, unreachable: memory only" or "memory only (no Redis configured)".</summary>
    public string Tier { get; private set; } = string.Empty;

    public bool TierDegraded { get; private set; }

    public long PurgesReceived { get; private set; }

    /// <summary>The in-process tier: entries held, evicted at expiry and evicted for room.</summary>
    public LocalTierFigures LocalTier { get; private set; } = LocalTierFigures.None;

    public string? Message { get; private set; }

    public ErrorView? Error { get; private set; }

    public bool Loaded { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var overview = await cache.OverviewAsync(cancellationToken);
            Rows = overview.Prompts.Select(PromptCacheRow.From).OrderByDescending(r => r.Enabled).ThenBy(r => r.PromptKey, StringComparer.Ordinal).ToArray();
            var hitsL1 = Rows.Sum(r => r.HitsL1);
            var hitsL2 = Rows.Sum(r => r.HitsL2);
            var coalesced = Rows.Sum(r => r.Coalesced);
            var misses = Rows.Sum(r => r.Misses);
            var bypasses = Rows.Sum(r => r.Bypasses);
            var lookups = hitsL1 + hitsL2 + coalesced + misses + bypasses;
            double? Share(long count) => lookups == 0 ? null : (double)count / lookups;
            Levels =
            [
                new(ExactCacheStatus.HitL1, "hit in memory (L1)", hitsL1, Share(hitsL1)),
                new(ExactCacheStatus.HitL2, "hit in Redis (L2)", hitsL2, Share(hitsL2)),
                new(ExactCacheStatus.Coalesced, "coalesced (shared call)", coalesced, Share(coalesced)),
                new(ExactCacheStatus.Miss, "miss (model)", misses, Share(misses)),
                new(ExactCacheStatus.Bypass, "bypass (no-cache)", bypasses, Share(bypasses)),
            ];
            HitRate = Share(hitsL1 + hitsL2 + coalesced);
            SavedTokens = Rows.Sum(r => r.SavedTokens);
            SavedCostUsd = Rows.Sum(r => r.SavedCostUsd);
            Stored = Rows.Sum(r => r.Stored);
            StoredBytes = Rows.Sum(r => r.StoredBytes);
            EnabledPrompts = Rows.Count(r => r.Enabled);
            TierDegraded = overview.RedisConfigured && !overview.DistributedTier;
            Tier = overview.DistributedTier ? "memory (L1) + Redis (L2)"
                : overview.RedisConfigured ? "memory only: Redis is configured but unreachable"
                : "memory only (no Redis configured)";
            PurgesReceived = overview.PurgesReceived;
            LocalTier = overview.LocalTier;
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The cache figures could not be read: " + exception.Message);
        }

        Loaded = true;
    }

    public async Task PurgeAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        var purge = await cache.PurgeAsync(promptKey, null, user.Name, cancellationToken);
        if (!purge.IsSuccess)
        {
            Error = ErrorView.From(purge.Error!);
            Message = null;
            return;
        }

        Message = $"Purged every cached answer of {promptKey} on every instance.";
        await LoadAsync(cancellationToken);
    }

    public static string TtlText(int seconds) => seconds switch
    {
        _ when seconds % 86_400 == 0 => Unit(seconds / 86_400, "day"),
        _ when seconds % 3600 == 0 => Unit(seconds / 3600, "hour"),
        _ when seconds % 60 == 0 => Unit(seconds / 60, "minute"),
        _ => Unit(seconds, "second"),
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
    };

    private static string Unit(int count, string unit) => count.ToString(CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? string.Empty : "s");
}
