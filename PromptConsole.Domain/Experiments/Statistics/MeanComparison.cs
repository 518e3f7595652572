namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// Treatment against control on a mean metric: Welch's test, the absolute effect (treatment − control) and,
/// when the control mean is not zero, the relative effect (treatment / control − 1).
/// </summary>
public sealed record MeanComparison(WelchTTestResult Test, EffectEstimate Absolute, EffectEstimate? Relative)
{
    /// <summary>
    /// Compares two arms the way GrowthBook's frequentist engine does. Both intervals use the Student t
    /// quantile at Welch's degrees of freedom. The relative effect's standard error comes from the delta
    /// method, and its p-value from lift / SE on the same t distribution, so it can differ slightly from the
    /// absolute effect's p-value (GrowthBook reports the relative one). Null when an arm has fewer than two
    /// observations; <see cref="Relative"/> is null when the control mean is zero.
    /// </summary>
    public static MeanComparison? Compare(SampleSummary control, SampleSummary treatment, double confidenceLevel = ConfidenceLevels.Default)
    {
        ConfidenceLevels.Require(confidenceLevel);
        if (WelchTTest.Run(control, treatment) is not { } test)
            return null;

        var quantile = Probability.StudentTUpperQuantile((1 - confidenceLevel) / 2, test.DegreesOfFreedom);
        var difference = treatment.Mean - control.Mean;
        var absolute = EffectEstimate.Around(difference, test.StandardError, quantile, test.PValue);

        EffectEstimate? relative = null;
        if (DeltaMethod.Lift(control.Mean, control.Variance, control.Count, treatment.Mean, treatment.Variance, treatment.Count) is (var lift, var variance))
        {
            var standardError = Math.Sqrt(variance);
            var pValue = standardError == 0
                ? (lift == 0 ? 1 : 0)
                : Probability.StudentTTwoSidedPValue(lift / standardError, test.DegreesOfFreedom);
            relative = EffectEstimate.Around(lift, standardError, quantile, pValue);
        }

        return new MeanComparison(test, absolute, relative);
    }
}
