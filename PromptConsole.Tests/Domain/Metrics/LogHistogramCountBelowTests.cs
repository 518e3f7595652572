using PromptConsole.Domain.Metrics;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class LogHistogramCountBelowTests
{
    /// <summary>case, values, threshold, how many are below it.</summary>
    public static TheoryData<string, double[], double, long> Cases => new()
    {
        { "empty histogram", [], 100, 0 },
        { "threshold below every value", [10, 20, 30], 5, 0 },
        { "threshold equal to the minimum: nothing is below it", [10, 20, 30], 10, 0 },
        { "threshold above every value", [10, 20, 30], 31, 3 },
        { "threshold just under the maximum leaves it out", [10, 20, 30, 100], 97, 3 },
        { "threshold between values", [10, 20, 30, 100], 50, 3 },
        { "threshold between two close groups", [100, 100, 100, 200, 200], 150, 3 },
        { "zeros are below any positive threshold", [0, 0, 5, 500], 1, 2 },
        { "repeated values", [250, 250, 250, 250], 251, 4 },
        { "a wide spread", [1, 10, 100, 1000, 10_000, 100_000], 5000, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Values_below_a_threshold_are_counted(string rule, double[] values, double threshold, long expected)
    {
        var histogram = new LogHistogram();
        foreach (var value in values)
            histogram.Add(value);

        Assert.True(expected == histogram.CountBelow(threshold), $"{rule}: got {histogram.CountBelow(threshold)}");
    }

    [Fact]
    public void Away_from_the_threshold_the_count_is_exact_and_merges()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 2000).Select(_ => Math.Exp(random.NextDouble() * 9)).ToArray();
        var left = new LogHistogram();
        var right = new LogHistogram();
        for (var i = 0; i < values.Length; i++)
            (i % 2 == 0 ? left : right).Add(values[i]);
        left.Merge(right);

        foreach (var threshold in new[] { 3.0, 50, 700, 4000 })
        {
            // Only values within the histogram's relative accuracy of the threshold may be counted on the wrong side.
            var surelyBelow = values.Count(v => v < threshold * (1 - 2 * LogHistogram.DefaultRelativeAccuracy));
            var possiblyBelow = values.Count(v => v < threshold * (1 + 2 * LogHistogram.DefaultRelativeAccuracy));
            Assert.InRange(left.CountBelow(threshold), surelyBelow, possiblyBelow);
        }
    }
}
