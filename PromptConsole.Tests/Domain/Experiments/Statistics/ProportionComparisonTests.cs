using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class ProportionComparisonTests
{
    [Fact]
    public void The_z_test_pools_and_the_interval_does_not()
    {
        // By hand: 100/1000 vs 130/1000. Pooled p̄ = 230/2000 = 0.115, SE = √(0.115 × 0.885 × 2/1000)
        // = 0.01426710, z = 0.03 / 0.01426710 = 2.102741; two-sided p = 2(1 − Φ(2.102741)) = 0.0354885
        // (mpmath 1.3.0; the NIST normal table, Φ(2.10) = 0.98214, gives 0.0357 at table precision).
        // Unpooled SE = √(0.1 × 0.9/1000 + 0.13 × 0.87/1000) = 0.01425132, so the 95 % interval is
        // 0.03 ± 1.959964 × 0.01425132 = (0.0020679, 0.0579321).
        var comparison = ProportionComparison.Compare(new ProportionSummary(1000, 100), new ProportionSummary(1000, 130))!;

        Assert.Equal(2.102741, comparison.Z, 0.000001);
        Assert.Equal(0.0354885, comparison.PValue, 0.0000001);
        Assert.Equal(0.03, comparison.Difference.Estimate, 1e-12);
        Assert.Equal(0.01425132, comparison.Difference.StandardError, 0.00000001);
        Assert.Equal(0.0020679, comparison.Difference.Lower, 0.0000001);
        Assert.Equal(0.0579321, comparison.Difference.Upper, 0.0000001);
        Assert.Equal(comparison.PValue, comparison.Difference.PValue);
    }

    [Fact]
    public void The_lift_is_GrowthBooks_delta_method_on_a_normal_quantile()
    {
        // growthbook/growthbook packages/stats/tests/frequentist/test_tests.py,
        // TestTwoSidedTTest.test_two_sided_ttest_binom: ProportionStatistic(14, 28) vs (16, 30) has relative
        // expected 0.06667 and uplift stddev 0.2717 (four decimals there). The interval here is the z one:
        // 0.0666667 ± 1.959964 × 0.2716986 = (−0.4658527, 0.5991861) (hand, with the SE from mpmath 1.3.0),
        // where GrowthBook's t-based one is (−0.47767, 0.61101) at Welch's degrees of freedom.
        var lift = ProportionComparison.Compare(new ProportionSummary(28, 14), new ProportionSummary(30, 16))!.Lift!;

        Assert.Equal(0.06667, lift.Estimate, 0.000005);
        Assert.Equal(0.2717, lift.StandardError, 0.00005);
        Assert.Equal(-0.4658527, lift.Lower, 0.0000001);
        Assert.Equal(0.5991861, lift.Upper, 0.0000001);
    }

    [Fact]
    public void A_large_lift_matches_GrowthBooks_standard_error()
    {
        // test_tests.py TestSequentialTTest.test_sequential_test_runs_prop: ProportionStatistic(1396, 3000) vs
        // (2422, 3461): uplift mean 0.50386, stddev 0.03386. The lift is 14.88 standard errors out, a two-sided
        // p of 4.399403e-50 (mpmath 1.3.0: 2Φ(−14.880690)): far tails keep their digits.
        var lift = ProportionComparison.Compare(new ProportionSummary(3000, 1396), new ProportionSummary(3461, 2422))!.Lift!;

        Assert.Equal(0.50386, lift.Estimate, 0.000005);
        Assert.Equal(0.03386, lift.StandardError, 0.000005);
        Assert.Equal(4.399403e-50, lift.PValue, 0.000001e-50);
    }

    [Theory]
    // By hand: identical rates give z = 0 and p = 1, all-pass or all-fail arms have a zero pooled error
    // (z = 0, p = 1) and a collapsed interval.
    [InlineData(400, 100, 400, 100)]
    [InlineData(50, 50, 80, 80)]
    [InlineData(50, 0, 80, 0)]
    public void Equal_arms_give_p_one(long controlCount, long controlSuccesses, long treatmentCount, long treatmentSuccesses)
    {
        var comparison = ProportionComparison.Compare(
            new ProportionSummary(controlCount, controlSuccesses), new ProportionSummary(treatmentCount, treatmentSuccesses))!;

        Assert.Equal(0, comparison.Z);
        Assert.Equal(1, comparison.PValue);
        Assert.Equal(0, comparison.Difference.Estimate);
    }

    [Fact]
    public void A_zero_control_rate_has_no_lift()
    {
        // By hand: lift = 0.02 / 0 does not exist; the difference 2/100 − 0 = 0.02 does.
        var comparison = ProportionComparison.Compare(new ProportionSummary(100, 0), new ProportionSummary(100, 2))!;

        Assert.Null(comparison.Lift);
        Assert.Equal(0.02, comparison.Difference.Estimate, 1e-15);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    public void An_arm_without_trials_gives_no_comparison(long controlCount, long treatmentCount)
    {
        Assert.Null(ProportionComparison.Compare(new ProportionSummary(controlCount, 0), new ProportionSummary(treatmentCount, 0)));
    }
}
