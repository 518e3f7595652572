namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// An always-valid estimate: the interval and p-value stay valid however often the results are looked at
/// and whenever the experiment is stopped, at the price of a wider interval than the fixed-horizon one.
/// </summary>
public sealed record SequentialEstimate(double Estimate, double Lower, double Upper, double PValue, double HalfWidth);

/// <summary>
/// GrowthBook's sequential testing: the mixture sequential probability ratio test confidence sequences of
/// Waudby-Smith et al. (arXiv 2103.06476v7), applied to a normal effect estimate. With the per-observation
/// variance s² = SE² × N (N = both arms' observations together), the half-width is
/// √s² × √( 2(Nρ² + 1) / (Nρ)² × ln(√(Nρ² + 1) / α) ) (paper eq. 9), the mixing parameter is
/// ρ = √( (−2 ln α + ln(−2 ln α + 1)) / tuning ) (eq. 161), and the p-value is 1 / e-value with
/// e-value = exp(ρ² N z² / (2(Nρ² + 1))) / √(Nρ² + 1), z = estimate / SE (eq. 155), capped at 1. This is
/// the form in gbstats' <c>sequential_rho</c>, <c>sequential_interval_halfwidth</c> and
/// <c>SequentialTwoSidedTTest</c>, and it reproduces GrowthBook's own test cases.
/// </summary>
public static class SequentialTesting
{
    /// <summary>GrowthBook's default tuning parameter: the total sample size at which the interval is tightest.</summary>
    public const double DefaultTuningParameter = 5000;

    /// <summary>ρ for a two-sided test at level α tuned for <paramref name="tuningParameter"/> observations.</summary>
    public static double MixingParameter(double alpha, double tuningParameter = DefaultTuningParameter)
    {
        RequireAlphaAndTuning(alpha, tuningParameter);
        var minusTwoLogAlpha = -2 * Math.Log(alpha);
        return Math.Sqrt((minusTwoLogAlpha + Math.Log(minusTwoLogAlpha + 1)) / tuningParameter);
    }

    /// <summary>
    /// The always-valid half-width around an estimate with standard error <paramref name="standardError"/>
    /// (of the absolute or of the relative effect) after <paramref name="totalCount"/> observations in both arms.
    /// </summary>
    public static double HalfWidth(double standardError, long totalCount, double alpha, double tuningParameter = DefaultTuningParameter)
    {
        RequireEstimateInputs(standardError, totalCount);
        return HalfWidthWithMixing(standardError, totalCount, alpha, MixingParameter(alpha, tuningParameter));
    }

    /// <summary>
    /// The always-valid interval and p-value for an effect (take <see cref="MeanComparison.Absolute"/>,
    /// <see cref="MeanComparison.Relative"/>, <see cref="ProportionComparison.Difference"/> or
    /// <see cref="ProportionComparison.Lift"/>) after <paramref name="totalCount"/> observations in both arms.
    /// A zero standard error leaves nothing uncertain: the interval is the point and p is 1 for a zero
    /// estimate, 0 otherwise.
    /// </summary>
    public static SequentialEstimate Evaluate(
        EffectEstimate effect, long totalCount, double confidenceLevel = ConfidenceLevels.Default, double tuningParameter = DefaultTuningParameter)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return Evaluate(effect.Estimate, effect.StandardError, totalCount, confidenceLevel, tuningParameter);
    }

    /// <inheritdoc cref="Evaluate(EffectEstimate, long, double, double)"/>
    public static SequentialEstimate Evaluate(
        double estimate, double standardError, long totalCount, double confidenceLevel = ConfidenceLevels.Default, double tuningParameter = DefaultTuningParameter)
    {
        var alpha = 1 - ConfidenceLevels.Require(confidenceLevel);
        RequireEstimateInputs(standardError, totalCount);
        var rho = MixingParameter(alpha, tuningParameter);

        if (standardError == 0)
            return new SequentialEstimate(estimate, estimate, estimate, estimate == 0 ? 1 : 0, 0);

        var halfWidth = HalfWidthWithMixing(standardError, totalCount, alpha, rho);
        var z = estimate / standardError;
        var spread = totalCount * rho * rho + 1;
        var logEValue = rho * rho * totalCount * z * z / (2 * spread) - 0.5 * Math.Log(spread);
        var pValue = Math.Min(1, Math.Exp(-logEValue));
        return new SequentialEstimate(estimate, estimate - halfWidth, estimate + halfWidth, pValue, halfWidth);
    }

    private static double HalfWidthWithMixing(double standardError, long totalCount, double alpha, double rho)
    {
        double n = totalCount;
        var perObservationVariance = standardError * standardError * n;
        var spread = n * rho * rho + 1;
        var nRho = n * rho;
        return Math.Sqrt(perObservationVariance) * Math.Sqrt(2 * spread / (nRho * nRho) * Math.Log(Math.Sqrt(spread) / alpha));
    }

    private static void RequireAlphaAndTuning(double alpha, double tuningParameter)
    {
        if (!(alpha > 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α lies strictly between 0 and 1.");
        if (!(tuningParameter > 0) || double.IsPositiveInfinity(tuningParameter))
            throw new ArgumentOutOfRangeException(nameof(tuningParameter), tuningParameter, "The tuning parameter is a positive number.");
    }

    private static void RequireEstimateInputs(double standardError, long totalCount)
    {
        if (!double.IsFinite(standardError) || standardError < 0)
            throw new ArgumentOutOfRangeException(nameof(standardError), standardError, "A standard error is finite and not negative.");
        ArgumentOutOfRangeException.ThrowIfLessThan(totalCount, 1);
    }
}
