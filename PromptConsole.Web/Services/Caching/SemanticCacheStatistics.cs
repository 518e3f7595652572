using System.Collections.Concurrent;

namespace PromptConsole.Web.Services.Caching;

/// <summary>One prompt's semantic-cache figures in this process since it started.</summary>
public sealed record SemanticCacheFigures(
    string PromptKey,
    long Lookups,
    long Hits,
    long Misses,
    long ShadowAgreed,
    long ShadowDisagreed,
    long Verified,
    long Stored,
    long Entries,
    long EntryBytes,
    long EvictedTtl,
    long EvictedMaxEntries,
    long EvictedBytes,
    long Purged,
    long SavedTokens,
    decimal SavedCostUsd)
{
    public long Evictions => EvictedTtl + EvictedMaxEntries + EvictedBytes;

    /// <summary>Share of lookups served from the cache; null before any lookup.</summary>
    public double? HitRate => Lookups == 0 ? null : (double)Hits / Lookups;
}

/// <summary>Why an entry left the semantic cache (the <c>reason</c> of the eviction metric).</summary>
public static class SemanticEvictionReason
{
    public const string Ttl = "ttl";
    public const string MaxEntries = "max_entries";
    public const string Bytes = "bytes";
}

/// <summary>In-process counts of the semantic cache by prompt, for the console (Prometheus has the same as counters).</summary>
public sealed class SemanticCacheStatistics
{
    public const int MaxPrompts = 1_000;

    private readonly ConcurrentDictionary<string, Counters> _prompts = new(StringComparer.Ordinal);

    public void Lookup(string promptKey, bool hit)
    {
        var counters = For(promptKey);
        Interlocked.Increment(ref counters.Lookups);
        Interlocked.Increment(ref hit ? ref counters.Hits : ref counters.Misses);
    }

    public void Saved(string promptKey, int tokens, decimal costUsd)
    {
        var counters = For(promptKey);
        Interlocked.Add(ref counters.SavedTokens, tokens);
        lock (counters)
            counters.SavedCostUsd += costUsd;
    }

    public void Shadow(string promptKey, bool agreed, bool verification)
    {
        var counters = For(promptKey);
        Interlocked.Increment(ref agreed ? ref counters.ShadowAgreed : ref counters.ShadowDisagreed);
        if (verification)
            Interlocked.Increment(ref counters.Verified);
    }

    public void Stored(string promptKey) => Interlocked.Increment(ref For(promptKey).Stored);

    public void Evicted(string promptKey, string reason)
    {
        var counters = For(promptKey);
        switch (reason)
        {
            case SemanticEvictionReason.Ttl: Interlocked.Increment(ref counters.EvictedTtl); break;
            case SemanticEvictionReason.MaxEntries: Interlocked.Increment(ref counters.EvictedMaxEntries); break;
            default: Interlocked.Increment(ref counters.EvictedBytes); break;
        }
    }

    public void Purged(string promptKey, int entries) => Interlocked.Add(ref For(promptKey).Purged, entries);

    /// <summary>The figures, with each prompt's current entries and bytes as the cache reports them.</summary>
    public IReadOnlyList<SemanticCacheFigures> Snapshot(Func<string, (long Entries, long Bytes)> sizeOf) =>
        _prompts.Select(entry => entry.Value.ToFigures(entry.Key, sizeOf(entry.Key))).OrderBy(f => f.PromptKey, StringComparer.Ordinal).ToArray();

    private Counters For(string promptKey)
    {
        if (_prompts.TryGetValue(promptKey, out var counters))
            return counters;
        return _prompts.Count >= MaxPrompts
            ? _prompts.GetOrAdd(ExactCacheStatistics.OtherPrompts, _ => new Counters())
            : _prompts.GetOrAdd(promptKey, _ => new Counters());
    }

    private sealed class Counters
    {
        public long Lookups;
        public long Hits;
        public long Misses;
        public long ShadowAgreed;
        public long ShadowDisagreed;
        public long Verified;
        public long Stored;
        public long EvictedTtl;
        public long EvictedMaxEntries;
        public long EvictedBytes;
        public long Purged;
        public long SavedTokens;
        public decimal SavedCostUsd;

        public SemanticCacheFigures ToFigures(string key, (long Entries, long Bytes) size)
        {
            decimal saved;
            lock (this)
                saved = SavedCostUsd;
            return new SemanticCacheFigures(
                key,
                Interlocked.Read(ref Lookups),
                Interlocked.Read(ref Hits),
                Interlocked.Read(ref Misses),
                Interlocked.Read(ref ShadowAgreed),
                Interlocked.Read(ref ShadowDisagreed),
                Interlocked.Read(ref Verified),
                Interlocked.Read(ref Stored),
                size.Entries,
                size.Bytes,
                Interlocked.Read(ref EvictedTtl),
                Interlocked.Read(ref EvictedMaxEntries),
                Interlocked.Read(ref EvictedBytes),
                Interlocked.Read(ref Purged),
                Interlocked.Read(ref SavedTokens),
                saved);
        }
    }
}
