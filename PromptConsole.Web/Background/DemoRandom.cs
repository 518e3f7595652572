namespace PromptConsole.Web.Background;

/// <summary>
/// SplitMix64: a tiny generator whose sequence depends on the seed alone, on every platform and
/// runtime version (System.Random promises no such thing), so generated traffic can be replayed in tests.
/// </summary>
public struct DemoRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The seed of the <paramref name="index"/>-th item of a sequence started from <paramref name="seed"/>.</summary>
    public static ulong Derive(ulong seed, ulong index)
    {
        var random = new DemoRandom(seed ^ (index * 0xD1B54A32D192ED03UL));
        return random.NextUInt64();
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive)
    {
        if (maxExclusive <= min)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"Must be above {min}.");
        return min + (int)(NextUInt64() % (ulong)(maxExclusive - min));
    }

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];
}
