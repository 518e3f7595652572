using System.Globalization;

namespace PromptConsole.Domain.Experiments.Bucketing;

/// <summary>
/// GrowthBook's hash, version 2: <c>hash(seed, value) = fnv1a32(str(fnv1a32(seed + value))) % 10000 / 10000</c>.
/// The same seed and value land on the same position in every process and in every GrowthBook SDK,
/// so an assignment needs no storage to stay sticky. Text is hashed as UTF-16 code units, as the
/// JavaScript SDK does with <c>charCodeAt</c>, so non-ASCII subjects agree with it too.
/// </summary>
public static class BucketHash
{
    /// <summary>Positions are whole multiples of 1 / <see cref="Resolution"/> in [0, 1).</summary>
    public const int Resolution = 10_000;

    public const uint FnvOffsetBasis = 0x811C9DC5;

    private const uint FnvPrime = 0x01000193;

    /// <summary>32-bit FNV-1a over UTF-16 code units, continuing from <paramref name="state"/>.</summary>
    public static uint Fnv1a32(ReadOnlySpan<char> text, uint state = FnvOffsetBasis)
    {
        foreach (var codeUnit in text)
        {
            state ^= codeUnit;
            state *= FnvPrime;
        }

        return state;
    }

    /// <summary>The position of <paramref name="value"/> for <paramref name="seed"/>, in [0, 1).</summary>
    public static double Position(string seed, ReadOnlySpan<char> value) => HashSeed.For(seed).Position(value);

    /// <summary>
    /// The second round hashes the decimal text of the first (JavaScript's <c>hval + ""</c>); a uint has
    /// at most 10 digits, so the text lives on the stack.
    /// </summary>
    internal static int BucketOf(uint seedState, ReadOnlySpan<char> value)
    {
        var inner = Fnv1a32(value, seedState);
        Span<char> digits = stackalloc char[10];
        inner.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return (int)(Fnv1a32(digits[..written]) % Resolution);
    }
}

/// <summary>
/// A seed with its FNV state precomputed: hashing <c>seed + value</c> equals continuing the seed's state
/// over the value, so each request hashes only its subject and allocates nothing.
/// </summary>
public readonly struct HashSeed
{
    private readonly uint _state;

    private HashSeed(string seed, uint state)
    {
        Seed = seed;
        _state = state;
    }

    public string Seed { get; }

    public static HashSeed For(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return new HashSeed(seed, BucketHash.Fnv1a32(seed));
    }

    /// <summary>The whole bucket, 0 to <see cref="BucketHash.Resolution"/> − 1.</summary>
    public int Bucket(ReadOnlySpan<char> value) => BucketHash.BucketOf(_state, value);

    /// <summary>The position in [0, 1): <see cref="Bucket"/> / <see cref="BucketHash.Resolution"/>.</summary>
    public double Position(ReadOnlySpan<char> value) => PositionOf(Bucket(value));

    /// <summary>Division by the resolution gives the same double as GrowthBook's JavaScript for every bucket.</summary>
    public static double PositionOf(int bucket) => bucket / (double)BucketHash.Resolution;
}
