using PromptConsole.Domain.Experiments.Bucketing;

namespace PromptConsole.Tests.Domain.Experiments;

/// <summary>
/// Expected positions come from GrowthBook's own SDK test cases, growthbook/growthbook
/// packages/sdk-js/test/cases.json (specVersion 0.5.4): every "hash" case with hash version 2, and the
/// version-2 "bucket" values of its "feature" and "stickyBucket" cases.
/// </summary>
public sealed class BucketHashTests
{
    [Theory]
    [InlineData("seed", "a", 0.0505)]
    [InlineData("seed", "b", 0.2696)]
    [InlineData("foo", "ab", 0.2575)]
    [InlineData("foo", "def", 0.2019)]
    [InlineData("89123klj", "8952klfjas09ujkasdf", 0.124)]
    [InlineData("90850943850283058242805", "123", 0.7516)]
    [InlineData("()**(%$##$%#$#", "___)((*\":&", 0.0128)]
    // cases.json "feature": "creates experiments properly" (seed "feature", anonId "123", hashVersion 2).
    [InlineData("feature", "123", 0.5231)]
    // cases.json "stickyBucket": seed "feature-exp", hashVersion 2, hash values "d123" and "i123".
    [InlineData("feature-exp", "d123", 0.6468)]
    [InlineData("feature-exp", "i123", 0.9943)]
    public void Matches_GrowthBook_v2_hash_cases(string seed, string value, double expected)
    {
        Assert.Equal(expected, BucketHash.Position(seed, value));
        Assert.Equal(expected, HashSeed.For(seed).Position(value));
    }

    /// <summary>
    /// Expected values: GrowthBook's <c>hash(seed, value, 2)</c> from packages/sdk-js/src/util.ts, run
    /// under Node. JavaScript strings are UTF-16, so these pin that code units (not UTF-8 bytes or code
    /// points) are hashed: "é" is one unit, the emoji two (a surrogate pair).
    /// </summary>
    [Theory]
    [InlineData("summarize-tone", "user-\u00e9", 0.2163)]
    [InlineData("summarize-tone", "\U0001F60042", 0.8793)]
    [InlineData("checkout", "\u65e5\u672c\u8a9e", 0.4745)]
    public void Hashes_UTF16_code_units_like_the_JavaScript_SDK(string seed, string value, double expected) =>
        Assert.Equal(expected, BucketHash.Position(seed, value));

    /// <summary>FNV-1a 32-bit reference vectors from the FNV authors' test suite (Landon Curt Noll, isthe.com/chongo/tech/comp/fnv).</summary>
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a32_matches_the_reference_vectors(string text, uint expected) =>
        Assert.Equal(expected, BucketHash.Fnv1a32(text));

    [Fact]
    public void A_precomputed_seed_hashes_like_seed_and_value_concatenated()
    {
        var seed = HashSeed.For("summarize-tone");

        for (var i = 0; i < 1_000; i++)
        {
            var subject = $"user-{i}";
            Assert.Equal(BucketHash.Fnv1a32("summarize-tone" + subject), BucketHash.Fnv1a32(subject, BucketHash.Fnv1a32("summarize-tone")));
            Assert.Equal(seed.Bucket(subject) / 10_000d, seed.Position(subject));
        }
    }

    [Fact]
    public void Hashing_allocates_nothing()
    {
        var seed = HashSeed.For("summarize-tone");
        const string subject = "user-12345678901234567890";
        seed.Position(subject);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0d;
        for (var i = 0; i < 10_000; i++)
            sum += seed.Position(subject);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }
}
