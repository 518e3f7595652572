using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class BayesianEffectTests
{
    // growthbook/growthbook packages/stats/tests/bayesian/test_tests.py (EffectBayesianABTest version),
    // TestNorm.setUp: SampleMeanStatistic(sum=100, sum_squares=1002.25, n=10) vs (105, 1111.5, 10).
    private static readonly SampleSummary Control = SampleSummary.FromSums(10, 100, 1002.25);
    private static readonly SampleSummary Treatment = SampleSummary.FromSums(10, 105, 1111.5);

    private const double FiveDecimals = 0.000005;

    [Fact]
    public void The_flat_prior_result_matches_GrowthBook()
    {
        // TestNorm.test_bayesian_gaussian_ab_test: expected 0.05, ci (−0.02, 0.12), stddev 0.03572,
        // chance_to_win 0.91923, risk [0.05131 (control), 0.00131 (treatment)].
        var relative = MeanComparison.Compare(Control, Treatment)!.Relative!;

        var result = BayesianEffect.Evaluate(relative);

        Assert.Equal(0.05, result.PosteriorMean, FiveDecimals);
        Assert.Equal(0.03572, result.PosteriorStandardDeviation, FiveDecimals);
        Assert.Equal(-0.02, result.Lower, FiveDecimals);
        Assert.Equal(0.12, result.Upper, FiveDecimals);
        Assert.Equal(0.91923, result.ChanceToWin, FiveDecimals);
        Assert.Equal(0.05131, result.ExpectedLossChoosingControl, FiveDecimals);
        Assert.Equal(0.00131, result.ExpectedLossChoosingTreatment, FiveDecimals);
    }

    [Fact]
    public void An_informative_prior_shrinks_towards_its_mean_like_GrowthBook()
    {
        // TestNorm.test_bayesian_gaussian_ab_test_informative, prior N(0.1, 0.1): expected 0.05063,
        // ci (−0.01893, 0.12019), stddev 0.03549, chance_to_win 0.92315, risk [0.05186, 0.00123].
        var relative = MeanComparison.Compare(Control, Treatment)!.Relative!;

        var result = BayesianEffect.Evaluate(relative, prior: new GaussianPrior(0.1, 0.1));

        Assert.Equal(0.05063, result.PosteriorMean, FiveDecimals);
        Assert.Equal(0.03549, result.PosteriorStandardDeviation, FiveDecimals);
        Assert.Equal(-0.01893, result.Lower, FiveDecimals);
        Assert.Equal(0.12019, result.Upper, FiveDecimals);
        Assert.Equal(0.92315, result.ChanceToWin, FiveDecimals);
        Assert.Equal(0.05186, result.ExpectedLossChoosingControl, FiveDecimals);
        Assert.Equal(0.00123, result.ExpectedLossChoosingTreatment, FiveDecimals);
    }

    [Fact]
    public void A_rate_lift_matches_GrowthBook()
    {
        // TestBinom.test_bayesian_binomial_ab_test: ProportionStatistic(49, 100) vs (51, 100): expected 0.04082,
        // ci (−0.24779, 0.32943), stddev 0.14725, chance_to_win 0.60918, risk [0.0814, 0.04058].
        var lift = ProportionComparison.Compare(new ProportionSummary(100, 49), new ProportionSummary(100, 51))!.Lift!;

        var result = BayesianEffect.Evaluate(lift);

        Assert.Equal(0.04082, result.PosteriorMean, FiveDecimals);
        Assert.Equal(0.14725, result.PosteriorStandardDeviation, FiveDecimals);
        Assert.Equal(-0.24779, result.Lower, FiveDecimals);
        Assert.Equal(0.32943, result.Upper, FiveDecimals);
        Assert.Equal(0.60918, result.ChanceToWin, FiveDecimals);
        Assert.Equal(0.0814, result.ExpectedLossChoosingControl, FiveDecimals);
        Assert.Equal(0.04058, result.ExpectedLossChoosingTreatment, FiveDecimals);
    }

    [Fact]
    public void For_a_lower_is_better_metric_the_roles_flip()
    {
        // gbstats flips chance to win (1 − P(δ > 0)) and swaps the two risks for inverse metrics; on the
        // TestNorm data that is 1 − 0.91923 = 0.08077 and losses 0.05131 (shipping) / 0.00131 (keeping control).
        var relative = MeanComparison.Compare(Control, Treatment)!.Relative!;

        var result = BayesianEffect.Evaluate(relative, lowerIsBetter: true);

        Assert.Equal(0.08077, result.ChanceToWin, FiveDecimals);
        Assert.Equal(0.05131, result.ExpectedLossChoosingTreatment, FiveDecimals);
        Assert.Equal(0.00131, result.ExpectedLossChoosingControl, FiveDecimals);
    }

    [Fact]
    public void A_clear_loser_keeps_a_tiny_chance_and_a_large_loss()
    {
        // By hand: μ = −0.3, σ = 0.01 → μ/σ = −30; P(δ > 0) = 1 − Φ(30) ≈ 4.9e-198 (mpmath 1.3.0: 4.9067139e-198),
        // loss of shipping = σφ(30) − μΦ(−30) ≈ 0.3, loss of keeping control ≈ 0.
        var result = BayesianEffect.Evaluate(-0.3, 0.01);

        Assert.Equal(4.9067139e-198, result.ChanceToWin, 0.0000001e-198);
        Assert.Equal(0.3, result.ExpectedLossChoosingTreatment, 1e-12);
        Assert.Equal(0, result.ExpectedLossChoosingControl, 1e-12);
    }

    [Theory]
    // By hand: a certain effect wins for sure when positive, never when negative, half-and-half when zero;
    // the loss is the plain shortfall.
    [InlineData(0.2, 1.0, 0.0, 0.2)]
    [InlineData(-0.2, 0.0, 0.2, 0.0)]
    [InlineData(0.0, 0.5, 0.0, 0.0)]
    public void A_zero_standard_error_is_certain(double estimate, double chance, double lossShipping, double lossKeeping)
    {
        var result = BayesianEffect.Evaluate(estimate, 0, prior: new GaussianPrior(1, 1));

        Assert.Equal(chance, result.ChanceToWin);
        Assert.Equal(lossShipping, result.ExpectedLossChoosingTreatment);
        Assert.Equal(lossKeeping, result.ExpectedLossChoosingControl);
        Assert.Equal(estimate, result.Lower);
        Assert.Equal(estimate, result.Upper);
    }

    [Fact]
    public void Invalid_priors_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianPrior(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianPrior(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BayesianEffect.Evaluate(0.1, -0.1));
    }
}
