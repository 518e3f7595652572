using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class SampleSummaryTests
{
    [Theory]
    // By hand: values 2, 4, 4, 4, 5, 5, 7, 9 → n 8, Σx 40, Σx² 232, mean 5, Σ(x − 5)² = 32, sample variance 32/7.
    [InlineData(8, 40, 232, 5, 32.0 / 7)]
    // By hand: one value has no sample variance: 0.
    [InlineData(1, 3.5, 12.25, 3.5, 0)]
    // By hand: nothing observed.
    [InlineData(0, 0, 0, 0, 0)]
    // By hand: three equal values 0.1 → the variance rounds to a hair below zero and is clamped.
    [InlineData(3, 0.30000000000000004, 0.030000000000000006, 0.10000000000000002, 0)]
    public void Summaries_come_from_count_sum_and_sum_of_squares(long count, double sum, double sumOfSquares, double mean, double variance)
    {
        var summary = SampleSummary.FromSums(count, sum, sumOfSquares);

        Assert.Equal(count, summary.Count);
        Assert.Equal(mean, summary.Mean, 1e-12);
        Assert.Equal(variance, summary.Variance, 1e-12);
    }

    [Fact]
    public void Invalid_summaries_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleSummary(-1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleSummary(5, 1, -0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleSummary(5, double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProportionSummary(10, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProportionSummary(10, -1));
    }

    [Theory]
    // By hand: rate = successes / trials, Bernoulli variance = p(1 − p).
    [InlineData(200, 50, 0.25, 0.1875)]
    [InlineData(10, 10, 1, 0)]
    [InlineData(0, 0, 0, 0)]
    public void Proportions_give_their_rate_and_bernoulli_variance(long count, long successes, double rate, double variance)
    {
        var summary = new ProportionSummary(count, successes);

        Assert.Equal(rate, summary.Rate, 1e-15);
        Assert.Equal(variance, summary.BernoulliVariance, 1e-15);
    }
}
