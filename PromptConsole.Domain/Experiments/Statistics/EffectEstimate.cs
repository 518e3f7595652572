namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// An estimated effect of a treatment against control with its standard error, its confidence interval at
/// the level that was asked for, and the two-sided p-value of "no effect". Absolute effects are in the
/// metric's unit (treatment − control); relative effects are a fraction (treatment / control − 1, 0.05 = +5 %).
/// </summary>
public sealed record EffectEstimate(double Estimate, double StandardError, double Lower, double Upper, double PValue)
{
    /// <summary>Whether the interval leaves out zero, that is the effect is significant at the interval's level.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;

    /// <summary>The symmetric interval estimate ± quantile × standard error.</summary>
    internal static EffectEstimate Around(double estimate, double standardError, double quantile, double pValue)
    {
        var halfWidth = quantile * standardError;
        return new EffectEstimate(estimate, standardError, estimate - halfWidth, estimate + halfWidth, pValue);
    }
}
