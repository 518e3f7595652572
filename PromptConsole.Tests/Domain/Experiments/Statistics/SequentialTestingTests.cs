using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class SequentialTestingTests
{
    // growthbook/growthbook packages/stats/tests/frequentist/test_tests.py, class TestSequentialTTest:
    // SampleMeanStatistic(sum=1396.87, sum_squares=52377.9767, n=3000) vs (2422.7, 134698.29, 3461).
    private static readonly SampleSummary Control = SampleSummary.FromSums(3000, 1396.87, 52377.9767);
    private static readonly SampleSummary Treatment = SampleSummary.FromSums(3461, 2422.7, 134698.29);

    private const double FiveDecimals = 0.000005;

    [Fact]
    public void The_always_valid_interval_matches_GrowthBook_for_means()
    {
        // test_sequential_test_runs (tuning 1000, relative): expected 0.50336, ci (−0.55844, 1.56516),
        // uplift stddev 0.33341, pValue 1.
        var relative = MeanComparison.Compare(Control, Treatment)!.Relative!;

        var sequential = SequentialTesting.Evaluate(relative, Control.Count + Treatment.Count, tuningParameter: 1000);

        Assert.Equal(0.33341, relative.StandardError, FiveDecimals);
        Assert.Equal(0.50336, sequential.Estimate, FiveDecimals);
        Assert.Equal(-0.55844, sequential.Lower, FiveDecimals);
        Assert.Equal(1.56516, sequential.Upper, FiveDecimals);
        Assert.Equal(1, sequential.PValue);
    }

    [Fact]
    public void The_always_valid_interval_matches_GrowthBook_for_proportions()
    {
        // test_sequential_test_runs_prop (default tuning 5000, relative): ProportionStatistic(1396, 3000) vs
        // (2422, 3461): ci (0.40098, 0.60675), pValue 0.0 at five decimals.
        var lift = ProportionComparison.Compare(new ProportionSummary(3000, 1396), new ProportionSummary(3461, 2422))!.Lift!;

        var sequential = SequentialTesting.Evaluate(lift, 6461);

        Assert.Equal(0.40098, sequential.Lower, FiveDecimals);
        Assert.Equal(0.60675, sequential.Upper, FiveDecimals);
        Assert.Equal(0, sequential.PValue, FiveDecimals);
    }

    [Fact]
    public void The_interval_is_tightest_near_the_tuned_sample_size()
    {
        // test_sequential_test_tuning_as_expected: with 6461 observations, tuning 10 (far below) gives a wider
        // interval than 10000, and 6461 (the actual size) the narrowest.
        var relative = MeanComparison.Compare(Control, Treatment)!.Relative!;

        var below = SequentialTesting.Evaluate(relative, 6461, tuningParameter: 10);
        var near = SequentialTesting.Evaluate(relative, 6461, tuningParameter: 6461);
        var above = SequentialTesting.Evaluate(relative, 6461, tuningParameter: 10000);

        Assert.True(below.Lower < above.Lower && below.Upper > above.Upper);
        Assert.True(below.Lower < near.Lower && below.Upper > near.Upper);
        Assert.True(above.Lower < near.Lower && above.Upper > near.Upper);
    }

    [Fact]
    public void The_mixing_parameter_follows_from_alpha_and_tuning()
    {
        // By hand (Waudby-Smith et al. eq. 161 as in gbstats sequential_rho): α = 0.05, −2 ln α = 5.9914645,
        // ln(5.9914645 + 1) = 1.9446901, ρ = √(7.9361546 / 5000) = 0.03984007.
        Assert.Equal(0.03984007, SequentialTesting.MixingParameter(0.05), 0.00000001);
    }

    [Fact]
    public void The_p_value_is_alpha_where_the_interval_touches_zero()
    {
        // By hand: with z = estimate / SE, the half-width equals the estimate exactly when
        // ln(√(Nρ² + 1) / α) = Nρ² z² / (2(Nρ² + 1)), which is 1 / e-value = α for the same ρ. So an estimate
        // placed at the half-width has p = α.
        const double standardError = 0.02;
        const long total = 8000;
        var halfWidth = SequentialTesting.HalfWidth(standardError, total, alpha: 0.05);

        var atBoundary = SequentialTesting.Evaluate(halfWidth, standardError, total);

        Assert.Equal(0, atBoundary.Lower, 1e-12);
        Assert.Equal(0.05, atBoundary.PValue, 1e-12);
    }

    [Fact]
    public void The_always_valid_interval_is_wider_than_the_fixed_horizon_one()
    {
        // By hand: 1.959964 × SE is the fixed 95 % half-width; the confidence sequence pays for peeking.
        var sequential = SequentialTesting.Evaluate(0.01, 0.005, 5000);

        Assert.True(sequential.HalfWidth > 1.959964 * 0.005);
    }

    [Theory]
    // By hand: without uncertainty the interval is the point; p is 1 for no effect and 0 otherwise.
    [InlineData(0.0, 1.0)]
    [InlineData(0.2, 0.0)]
    public void A_zero_standard_error_collapses_the_interval(double estimate, double pValue)
    {
        var sequential = SequentialTesting.Evaluate(estimate, 0, 100);

        Assert.Equal(estimate, sequential.Lower);
        Assert.Equal(estimate, sequential.Upper);
        Assert.Equal(pValue, sequential.PValue);
    }

    [Fact]
    public void Invalid_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SequentialTesting.MixingParameter(0, 5000));
        Assert.Throws<ArgumentOutOfRangeException>(() => SequentialTesting.MixingParameter(0.05, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SequentialTesting.Evaluate(0.1, -1, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => SequentialTesting.Evaluate(0.1, 0.1, 0));
    }
}
