using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class SampleRatioMismatchTests
{
    [Fact]
    public void A_lopsided_split_matches_GrowthBooks_srm_check()
    {
        // growthbook/growthbook packages/stats/tests/test_gbstats.py, test_srm: check_srm([1000, 1200], [0.5, 0.5])
        // rounds to 0.000020079 at nine decimals. By hand χ² = 2 × 100²/1100 = 18.1818, df 1.
        var result = SampleRatioMismatch.Check([1000, 1200], [0.5, 0.5]);

        Assert.Equal(200.0 / 11, result.ChiSquare, 1e-10);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(0.000020079, result.PValue, 0.0000000005);
        Assert.True(result.Mismatch);
    }

    [Theory]
    // A die rolled 48 times: 2, 4, 12, 13, 14, 3 (homeworksource.com "Perform the indicated goodness-of-fit
    // test. You roll a die 48 times"): χ² = 19.25 (by hand: (36 + 16 + 16 + 25 + 36 + 25)/8), df 5,
    // p = 0.001726529 (their Excel CHIDIST). Above GrowthBook's 0.001 threshold, below a 0.01 one.
    [InlineData(0.001, false)]
    [InlineData(0.01, true)]
    public void The_classic_die_example_gives_the_published_statistic_and_p(double threshold, bool mismatch)
    {
        var result = SampleRatioMismatch.Check([2, 4, 12, 13, 14, 3], [1, 1, 1, 1, 1, 1], threshold);

        Assert.Equal(19.25, result.ChiSquare, 1e-12);
        Assert.Equal(5, result.DegreesOfFreedom);
        Assert.Equal(0.001726529, result.PValue, 0.0000000005);
        Assert.Equal(mismatch, result.Mismatch);
    }

    [Fact]
    public void Weights_are_scale_free()
    {
        // By hand: expected counts only depend on each weight's share of the total weight.
        var percent = SampleRatioMismatch.Check([480, 520, 1010], [25, 25, 50]);
        var fraction = SampleRatioMismatch.Check([480, 520, 1010], [0.25, 0.25, 0.5]);

        Assert.Equal(percent.ChiSquare, fraction.ChiSquare, 1e-12);
        Assert.Equal(percent.PValue, fraction.PValue, 1e-12);
    }

    [Fact]
    public void A_perfect_split_has_p_one()
    {
        // By hand: observed = expected in every arm, χ² = 0, P(χ² ≥ 0) = 1.
        var result = SampleRatioMismatch.Check([250, 250, 500], [1, 1, 2]);

        Assert.Equal(0, result.ChiSquare);
        Assert.Equal(1, result.PValue);
        Assert.False(result.Mismatch);
    }

    [Fact]
    public void No_observations_is_no_mismatch()
    {
        var result = SampleRatioMismatch.Check([0, 0, 0], [1, 1, 1]);

        Assert.Equal(0, result.ChiSquare);
        Assert.Equal(1, result.PValue);
        Assert.False(result.Mismatch);
    }

    [Fact]
    public void A_zero_weight_arm_is_left_out_but_its_traffic_still_counts()
    {
        // By hand: 90 observations, weights 1:1:0 → 45 expected in each weighted arm; 40 and 40 observed
        // give χ² = 2 × 25/45 = 1.1111 on 1 degree of freedom (the zero-weight arm is not compared).
        var result = SampleRatioMismatch.Check([40, 40, 10], [1, 1, 0]);

        Assert.Equal(10.0 / 9, result.ChiSquare, 1e-12);
        Assert.Equal(1, result.DegreesOfFreedom);
    }

    [Fact]
    public void A_single_weighted_arm_has_nothing_to_compare()
    {
        var result = SampleRatioMismatch.Check([100, 5], [1, 0]);

        Assert.Equal(1, result.PValue);
        Assert.False(result.Mismatch);
    }

    [Fact]
    public void Mismatched_or_negative_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Check([1, 2], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatioMismatch.Check([1, -2], [1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatioMismatch.Check([1, 2], [1, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatioMismatch.Check([1, 2], [1, 1], threshold: 0));
    }
}
