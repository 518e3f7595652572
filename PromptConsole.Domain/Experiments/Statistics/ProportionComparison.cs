namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// Treatment against control on a rate (success, check pass): the two-proportion z-test and the difference
/// and lift with their confidence intervals.
/// </summary>
/// <param name="Z">The z statistic with the pooled standard error (the one that is right under "no difference").</param>
/// <param name="PValue">Two-sided p-value of <paramref name="Z"/>; also <see cref="EffectEstimate.PValue"/> of <paramref name="Difference"/>.</param>
/// <param name="Difference">Treatment rate − control rate, with the unpooled (Wald) standard error and interval.</param>
/// <param name="Lift">Treatment rate / control rate − 1 by the delta method; null when the control rate is 0.</param>
public sealed record ProportionComparison(double Z, double PValue, EffectEstimate Difference, EffectEstimate? Lift)
{
    /// <summary>
    /// The test pools the two arms because under the null hypothesis they share one rate; the intervals do not
    /// pool, because they describe rates that differ. The lift's variance is GrowthBook's delta method with
    /// Bernoulli variances p(1 − p), so its standard error equals GrowthBook's, but its interval and p-value
    /// use the normal quantile (this is a z-test), where GrowthBook uses a t with Welch's degrees of freedom:
    /// the two agree to three or four digits once each arm has a few hundred trials. Null when an arm has no
    /// trials. When both arms are all successes or all failures the pooled error is zero and the arms are
    /// equal: z = 0 and p = 1.
    /// </summary>
    public static ProportionComparison? Compare(ProportionSummary control, ProportionSummary treatment, double confidenceLevel = ConfidenceLevels.Default)
    {
        ConfidenceLevels.Require(confidenceLevel);
        if (control.Count == 0 || treatment.Count == 0)
            return null;

        var controlRate = control.Rate;
        var treatmentRate = treatment.Rate;
        var difference = treatmentRate - controlRate;

        var pooledRate = (double)(control.Successes + treatment.Successes) / (control.Count + treatment.Count);
        var pooledError = Math.Sqrt(pooledRate * (1 - pooledRate) * (1.0 / control.Count + 1.0 / treatment.Count));
        var z = pooledError == 0 ? 0 : difference / pooledError;
        var pValue = Probability.NormalTwoSidedPValue(z);

        var quantile = Probability.NormalUpperQuantile((1 - confidenceLevel) / 2);
        var differenceError = Math.Sqrt(control.BernoulliVariance / control.Count + treatment.BernoulliVariance / treatment.Count);
        var differenceEstimate = EffectEstimate.Around(difference, differenceError, quantile, pValue);

        EffectEstimate? lift = null;
        if (DeltaMethod.Lift(controlRate, control.BernoulliVariance, control.Count, treatmentRate, treatment.BernoulliVariance, treatment.Count) is (var relative, var variance))
        {
            var liftError = Math.Sqrt(variance);
            var liftPValue = liftError == 0 ? (relative == 0 ? 1 : 0) : Probability.NormalTwoSidedPValue(relative / liftError);
            lift = EffectEstimate.Around(relative, liftError, quantile, liftPValue);
        }

        return new ProportionComparison(z, pValue, differenceEstimate, lift);
    }
}
