using PromptConsole.Domain.Experiments.Bucketing;

namespace PromptConsole.Tests.Domain.Experiments;

/// <summary>
/// Case tables from GrowthBook's SDK tests, growthbook/growthbook packages/sdk-js/test/cases.json:
/// "getBucketRange" (every case whose weights are absent or sum to 1; absent weights are passed here
/// as equal ones, which is what GrowthBook substitutes) and "chooseVariation" (all cases).
/// </summary>
public sealed class BucketRangesTests
{
    private const double Tolerance = 1e-9;

    /// <summary>name, weights, coverage, expected ranges flattened as start, end, start, end, …</summary>
    public static TheoryData<string, double[], double, double[]> GrowthBookRanges => new()
    {
        { "normal 50/50", [1, 1], 1, [0, 0.5, 0.5, 1] },
        { "reduced coverage", [1, 1], 0.5, [0, 0.25, 0.5, 0.75] },
        { "zero coverage", [1, 1], 0, [0, 0, 0.5, 0.5] },
        { "4 variations", [1, 1, 1, 1], 1, [0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1] },
        { "uneven weights", [0.4, 0.6], 1, [0, 0.4, 0.4, 1] },
        { "uneven weights, 3 variations", [0.2, 0.3, 0.5], 1, [0, 0.2, 0.2, 0.5, 0.5, 1] },
        { "uneven weights, reduced coverage, 3 variations", [0.2, 0.3, 0.5], 0.2, [0, 0.04, 0.2, 0.26, 0.5, 0.6] },
        { "negative coverage", [1, 1], -0.2, [0, 0, 0.5, 0.5] },
        { "coverage above 1", [1, 1], 1.5, [0, 0.5, 0.5, 1] },
    };

    [Theory]
    [MemberData(nameof(GrowthBookRanges))]
    public void Matches_GrowthBook_getBucketRange_cases(string name, double[] weights, double coverage, double[] expected) =>
        AssertRanges(name, expected, BucketRanges.Compute(weights, coverage));

    /// <summary>
    /// Where this deliberately differs from GrowthBook: weights that do not sum to 1 are normalised
    /// (GrowthBook's "weights sum below 1" / "above 1" cases fall back to equal weights instead), so
    /// expected values are the weights divided by their sum. Weights that cannot be normalised still
    /// fall back to equal weights, as GrowthBook does for invalid weights.
    /// </summary>
    public static TheoryData<string, double[], double, double[]> NormalisedRanges => new()
    {
        { "weights sum below 1: 0.4, 0.1 → 0.8, 0.2", [0.4, 0.1], 1, [0, 0.8, 0.8, 1] },
        { "weights sum above 1: 0.7, 0.6 → 7/13, 6/13", [0.7, 0.6], 1, [0, 0.7 / 1.3, 0.7 / 1.3, 1] },
        { "percent weights 10/90", [10, 90], 1, [0, 0.1, 0.1, 1] },
        { "percent weights with half coverage", [50, 50], 0.5, [0, 0.25, 0.5, 0.75] },
        { "a zero weight gets an empty range", [1, 0, 1], 1, [0, 0.5, 0.5, 0.5, 0.5, 1] },
        { "all-zero weights fall back to equal", [0, 0], 1, [0, 0.5, 0.5, 1] },
        { "a negative weight falls back to equal", [2, -1], 1, [0, 0.5, 0.5, 1] },
        { "a NaN weight falls back to equal", [double.NaN, 1], 1, [0, 0.5, 0.5, 1] },
        { "NaN coverage enrols nobody", [1, 1], double.NaN, [0, 0, 0.5, 0.5] },
    };

    [Theory]
    [MemberData(nameof(NormalisedRanges))]
    public void Normalises_relative_weights(string name, double[] weights, double coverage, double[] expected) =>
        AssertRanges(name, expected, BucketRanges.Compute(weights, coverage));

    [Theory]
    [InlineData("even range, 0.2", 0.2, new[] { 0, 0.5, 0.5, 1 }, 0)]
    [InlineData("even range, 0.4", 0.4, new[] { 0, 0.5, 0.5, 1 }, 0)]
    [InlineData("even range, 0.6", 0.6, new[] { 0, 0.5, 0.5, 1 }, 1)]
    [InlineData("even range, 0.8", 0.8, new[] { 0, 0.5, 0.5, 1 }, 1)]
    [InlineData("even range, 0", 0, new[] { 0, 0.5, 0.5, 1 }, 0)]
    [InlineData("even range, 0.5", 0.5, new[] { 0, 0.5, 0.5, 1 }, 1)]
    [InlineData("reduced range, 0.2", 0.2, new[] { 0, 0.25, 0.5, 0.75 }, 0)]
    [InlineData("reduced range, 0.4", 0.4, new[] { 0, 0.25, 0.5, 0.75 }, -1)]
    [InlineData("reduced range, 0.6", 0.6, new[] { 0, 0.25, 0.5, 0.75 }, 1)]
    [InlineData("reduced range, 0.8", 0.8, new[] { 0, 0.25, 0.5, 0.75 }, -1)]
    [InlineData("reduced range, 0.25", 0.25, new[] { 0, 0.25, 0.5, 0.75 }, -1)]
    [InlineData("reduced range, 0.5", 0.5, new[] { 0, 0.25, 0.5, 0.75 }, 1)]
    [InlineData("zero range", 0.5, new[] { 0, 0.5, 0.5, 0.5, 0.5, 1 }, 2)]
    public void Matches_GrowthBook_chooseVariation_cases(string name, double position, double[] flatRanges, int expected)
    {
        var ranges = Enumerable.Range(0, flatRanges.Length / 2).Select(i => new BucketRange(flatRanges[2 * i], flatRanges[(2 * i) + 1])).ToArray();

        Assert.True(expected == BucketRanges.ChooseVariation(position, ranges), name);
    }

    private static void AssertRanges(string name, double[] expected, BucketRange[] actual)
    {
        Assert.True(expected.Length / 2 == actual.Length, $"{name}: expected {expected.Length / 2} ranges, got {actual.Length}");
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected[2 * i] - actual[i].Start) < Tolerance, $"{name}: range {i} starts at {actual[i].Start}, expected {expected[2 * i]}");
            Assert.True(Math.Abs(expected[(2 * i) + 1] - actual[i].End) < Tolerance, $"{name}: range {i} ends at {actual[i].End}, expected {expected[(2 * i) + 1]}");
        }
    }
}
