using System.Collections.Concurrent;

namespace PromptConsole.Web.Services.Caching;

/// <summary>One prompt's exact-cache figures in this process since it started.</summary>
public sealed record PromptCacheFigures(
    string PromptKey,
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
    public long Lookups => HitsL1 + HitsL2 + Coalesced + Misses + Bypasses;

    public long Hits => HitsL1 + HitsL2 + Coalesced;

    /// <summary>Share of requests answered without their own provider call; null before any request.</summary>
    public double? HitRate => Lookups == 0 ? null : (double)Hits / Lookups;
}

/// <summary>
/// In-process counts of the exact cache's results by prompt, for the console's cache page (Prometheus has the same
/// as counters). At most <see cref="MaxPrompts"/> prompts are tracked; later ones fold into <see cref="OtherPrompts"/>.
/// </summary>
public sealed class ExactCacheStatistics
{
    public const int MaxPrompts = 1_000;
    public const string OtherPrompts = "_other";

    private readonly ConcurrentDictionary<string, Counters> _prompts = new(StringComparer.Ordinal);

    public void Count(string promptKey, string status, int savedTokens = 0, decimal savedCostUsd = 0m)
    {
        var counters = For(promptKey);
        switch (status)
        {
            case ExactCacheStatus.HitL1: Interlocked.Increment(ref counters.HitsL1); break;
            case ExactCacheStatus.HitL2: Interlocked.Increment(ref counters.HitsL2); break;
            case ExactCacheStatus.Coalesced: Interlocked.Increment(ref counters.Coalesced); break;
            case ExactCacheStatus.Miss: Interlocked.Increment(ref counters.Misses); break;
            case ExactCacheStatus.Bypass: Interlocked.Increment(ref counters.Bypasses); break;
            default: return;
        }

        if (savedTokens > 0 || savedCostUsd > 0)
        {
            Interlocked.Add(ref counters.SavedTokens, savedTokens);
            lock (counters)
                counters.SavedCostUsd += savedCostUsd;
        }
    }

    public void Stored(string promptKey, int bytes)
    {
        var counters = For(promptKey);
        Interlocked.Increment(ref counters.Stored);
        Interlocked.Add(ref counters.StoredBytes, bytes);
    }

    public void Purged(string promptKey) => Interlocked.Increment(ref For(promptKey).Purges);

    public IReadOnlyList<PromptCacheFigures> Snapshot() =>
        _prompts.Select(entry => entry.Value.ToFigures(entry.Key)).OrderBy(f => f.PromptKey, StringComparer.Ordinal).ToArray();

    private Counters For(string promptKey)
    {
        if (_prompts.TryGetValue(promptKey, out var counters))
            return counters;
        return _prompts.Count >= MaxPrompts ? _prompts.GetOrAdd(OtherPrompts, _ => new Counters()) : _prompts.GetOrAdd(promptKey, _ => new Counters());
    }

    private sealed class Counters
    {
        public long HitsL1;
        public long HitsL2;
        public long Coalesced;
        public long Misses;
        public long Bypasses;
        public long Stored;
        public long StoredBytes;
        public long SavedTokens;
        public decimal SavedCostUsd;
        public long Purges;

        public PromptCacheFigures ToFigures(string key)
        {
            decimal saved;
            lock (this)
                saved = SavedCostUsd;
            return new PromptCacheFigures(
                key,
                Interlocked.Read(ref HitsL1),
                Interlocked.Read(ref HitsL2),
                Interlocked.Read(ref Coalesced),
                Interlocked.Read(ref Misses),
                Interlocked.Read(ref Bypasses),
                Interlocked.Read(ref Stored),
                Interlocked.Read(ref StoredBytes),
                Interlocked.Read(ref SavedTokens),
                saved,
                Interlocked.Read(ref Purges));
        }
    }
}
