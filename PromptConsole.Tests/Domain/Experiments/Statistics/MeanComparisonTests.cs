using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class MeanComparisonTests
{
    // GrowthBook's frequentist fixtures (growthbook/growthbook packages/stats/tests/frequentist/test_tests.py,
    // TestTwoSidedTTest.setUp): SampleMeanStatistic(sum, sum_squares, n) for control (a) and treatment (b).
    private static readonly SampleSummary GrowthBookControl = SampleSummary.FromSums(3407, 1396.87, 52377.9767);
    private static readonly SampleSummary GrowthBookTreatment = SampleSummary.FromSums(3461, 2422.7, 134698.29);

    // GrowthBook rounds to five decimals; half a unit of the fifth decimal.
    private const double FiveDecimals = 0.000005;

    [Fact]
    public void Welch_matches_the_NIST_two_sample_example()
    {
        // NIST/SEMATECH e-Handbook 1.3.5.3 (AUTO83B.DAT, US vs Japanese cars, mpg): n 249, mean 20.14458, sd
        // 6.41470 vs n 79, mean 30.48101, sd 6.10771. Unequal variances: T = −12.94627, df = 136.87499,
        // two-sided p = 1.571e-25 as printed by the Boost.Math example students_t_two_samples.cpp on that data.
        var us = new SampleSummary(249, 20.14458, 6.41470 * 6.41470);
        var japan = new SampleSummary(79, 30.48101, 6.10771 * 6.10771);

        var test = WelchTTest.Run(control: japan, treatment: us)!;

        Assert.Equal(-12.94627, test.T, FiveDecimals);
        Assert.Equal(136.87499, test.DegreesOfFreedom, FiveDecimals);
        Assert.Equal(1.571e-25, test.PValue, 0.0005e-25);
    }

    [Fact]
    public void The_absolute_effect_matches_GrowthBook()
    {
        // test_two_sided_ttest_absolute: expected 0.7 − 0.41 = 0.29, ci (0.04538, 0.53462),
        // uplift stddev 0.12478, pValue 0.02016.
        var comparison = MeanComparison.Compare(GrowthBookControl, GrowthBookTreatment)!;

        Assert.Equal(0.29, comparison.Absolute.Estimate, FiveDecimals);
        Assert.Equal(0.04538, comparison.Absolute.Lower, FiveDecimals);
        Assert.Equal(0.53462, comparison.Absolute.Upper, FiveDecimals);
        Assert.Equal(0.12478, comparison.Absolute.StandardError, FiveDecimals);
        Assert.Equal(0.02016, comparison.Absolute.PValue, FiveDecimals);
        Assert.Equal(0.02016, comparison.Test.PValue, FiveDecimals);
        Assert.True(comparison.Absolute.ExcludesZero);
    }

    [Fact]
    public void The_relative_effect_matches_GrowthBook()
    {
        // test_two_sided_ttest (relative): expected 0.70732, ci (−0.03526, 1.44989), uplift stddev 0.37879,
        // pValue 0.06191.
        var relative = MeanComparison.Compare(GrowthBookControl, GrowthBookTreatment)!.Relative!;

        Assert.Equal(0.70732, relative.Estimate, FiveDecimals);
        Assert.Equal(-0.03526, relative.Lower, FiveDecimals);
        Assert.Equal(1.44989, relative.Upper, FiveDecimals);
        Assert.Equal(0.37879, relative.StandardError, FiveDecimals);
        Assert.Equal(0.06191, relative.PValue, FiveDecimals);
        Assert.False(relative.ExcludesZero);
    }

    [Fact]
    public void The_confidence_level_sets_the_interval_width()
    {
        // Same data; the Welch df is 5841.742 (mpmath 1.3.0 from the sums above) and its 0.995 t quantile is
        // 2.5766712 (mpmath), so the 99 % half-width is 2.5766712 × 0.12478363 = 0.3215264.
        var comparison = MeanComparison.Compare(GrowthBookControl, GrowthBookTreatment, confidenceLevel: 0.99)!;

        Assert.Equal(5841.742, comparison.Test.DegreesOfFreedom, 0.001);
        Assert.Equal(0.29 - 0.3215264, comparison.Absolute.Lower, 0.0000002);
        Assert.Equal(0.29 + 0.3215264, comparison.Absolute.Upper, 0.0000002);
        Assert.Equal(0.02016, comparison.Absolute.PValue, FiveDecimals);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_confidence_level_outside_zero_and_one_is_refused(double level)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanComparison.Compare(GrowthBookControl, GrowthBookTreatment, level));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(10, 1)]
    [InlineData(0, 10)]
    public void Fewer_than_two_observations_in_an_arm_give_no_comparison(long controlCount, long treatmentCount)
    {
        var control = new SampleSummary(controlCount, 10, 4);
        var treatment = new SampleSummary(treatmentCount, 11, 4);

        Assert.Null(WelchTTest.Run(control, treatment));
        Assert.Null(MeanComparison.Compare(control, treatment));
    }

    [Fact]
    public void Equal_arms_show_no_effect_with_p_one()
    {
        // By hand: equal means give t = 0, and P(|T| ≥ 0) = 1 for any df; the interval is centred on 0.
        var arm = new SampleSummary(500, 120, 900);

        var comparison = MeanComparison.Compare(arm, arm)!;

        Assert.Equal(0, comparison.Test.T);
        Assert.Equal(1, comparison.Test.PValue, 1e-12);
        Assert.Equal(0, comparison.Absolute.Estimate);
        Assert.Equal(-comparison.Absolute.Upper, comparison.Absolute.Lower, 1e-12);
        Assert.Equal(1, comparison.Relative!.PValue, 1e-12);
    }

    [Theory]
    // By hand: with both variances zero nothing is uncertain. Equal means: t 0, p 1; different means: t ±∞,
    // p 0; the interval collapses to the difference, df falls back to n_C + n_T − 2 = 18.
    [InlineData(5, 5, 0, 1)]
    [InlineData(5, 7, double.PositiveInfinity, 0)]
    [InlineData(7, 5, double.NegativeInfinity, 0)]
    public void Zero_variance_in_both_arms_is_decided_without_a_distribution(double controlMean, double treatmentMean, double t, double pValue)
    {
        var comparison = MeanComparison.Compare(new SampleSummary(10, controlMean, 0), new SampleSummary(10, treatmentMean, 0))!;

        Assert.Equal(t, comparison.Test.T);
        Assert.Equal(pValue, comparison.Test.PValue);
        Assert.Equal(18, comparison.Test.DegreesOfFreedom);
        Assert.Equal(treatmentMean - controlMean, comparison.Absolute.Lower);
        Assert.Equal(treatmentMean - controlMean, comparison.Absolute.Upper);
        Assert.Equal(pValue, comparison.Relative!.PValue);
    }

    [Fact]
    public void Zero_variance_in_one_arm_leaves_the_other_arms_degrees_of_freedom()
    {
        // By hand: Welch–Satterthwaite with v_C = 0 reduces to (v_T/n_T)² / ((v_T/n_T)²/(n_T − 1)) = n_T − 1 = 19;
        // t = (12 − 10) / √(4/20) = 4.472136.
        var test = WelchTTest.Run(new SampleSummary(10, 10, 0), new SampleSummary(20, 12, 4))!;

        Assert.Equal(19, test.DegreesOfFreedom, 1e-9);
        Assert.Equal(4.472136, test.T, 0.000001);
    }

    [Fact]
    public void A_zero_control_mean_has_no_relative_effect_but_keeps_the_absolute_one()
    {
        // By hand: lift = m_T / m_C − 1 is undefined for m_C = 0; the difference is 0.5.
        var comparison = MeanComparison.Compare(new SampleSummary(100, 0, 1), new SampleSummary(100, 0.5, 1))!;

        Assert.Null(comparison.Relative);
        Assert.Equal(0.5, comparison.Absolute.Estimate);
    }
}
