namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>How one simulator provider entry behaves: latency, failures and answer length.</summary>
public sealed record SimulatorProfile(LogNormalLatency Latency, double ErrorRate, int MinOutputTokens, int MaxOutputTokens, ulong Seed)
{
    /// <summary>Instant, never failing, 40..220 output tokens.</summary>
    public static SimulatorProfile Instant(ulong seed = 1) => new(default, 0, 40, 220, seed);

    public static SimulatorProfile FromOptions(string providerName, ProviderOptions options) => new(
        new LogNormalLatency(options.LatencyMedianMs, options.LatencyP95Ms),
        options.ErrorRate,
        options.MinOutputTokens,
        options.MaxOutputTokens,
        options.Seed is { } seed ? unchecked((ulong)seed) : StableHash.Of(providerName));
}

/// <summary>
/// FNV-1a over UTF-16 code units and SplitMix64: stable across processes and runtimes, unlike
/// <see cref="string.GetHashCode()"/>, which is randomised per process.
/// </summary>
internal static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Of(string text) => Add(OffsetBasis, text);

    public static ulong Start => OffsetBasis;

    public static ulong Add(ulong hash, string? text)
    {
        if (text is null)
            return hash;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= Prime;
        }

        return hash;
    }

    public static ulong Add(ulong hash, char separator) => (hash ^ separator) * Prime;

    /// <summary>Advances <paramref name="state"/> and returns a well-mixed 64-bit value (SplitMix64).</summary>
    public static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in (0, 1] — never 0, so it is safe under a logarithm.</summary>
    public static double NextUnit(ref ulong state) => ((Next(ref state) >> 11) + 1) * (1.0 / (1UL << 53));
}
