namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// The posterior view of an effect: how likely the treatment is better than control, and how much would be
/// lost on average by shipping the treatment (or keeping control) if that choice turns out wrong. Expected
/// losses are in the effect's unit and are never negative; a decision rule is "ship when the chance to win is
/// high and the loss of shipping is below a tolerance".
/// </summary>
/// <param name="ChanceToWin">P(treatment is better than control); "better" honours lower-is-better metrics.</param>
/// <param name="ExpectedLossChoosingTreatment">E[how much worse the treatment is, or 0 when it is not].</param>
/// <param name="ExpectedLossChoosingControl">E[how much better the treatment is, or 0 when it is not].</param>
/// <param name="Lower">Lower end of the central credible interval at the level asked for.</param>
/// <param name="Upper">Upper end of the central credible interval.</param>
public sealed record BayesianEffectResult(
    double ChanceToWin,
    double ExpectedLossChoosingTreatment,
    double ExpectedLossChoosingControl,
    double PosteriorMean,
    double PosteriorStandardDeviation,
    double Lower,
    double Upper);

/// <summary>
/// GrowthBook's Bayesian engine (gbstats <c>EffectBayesianABTest</c>) on one effect: the effect estimate is
/// taken as normal with its standard error (normal approximation; for the relative effect that error is the
/// delta method's), combined with an optional normal prior by precision weighting. With posterior N(μ, σ²):
/// chance to win = Φ(μ / σ); loss of keeping control = E[max(δ, 0)] = μ Φ(μ/σ) + σ φ(μ/σ); loss of shipping
/// the treatment = E[max(−δ, 0)] = σ φ(μ/σ) − μ Φ(−μ/σ). gbstats gets the same two numbers from truncated
/// normal means (P(δ &gt; 0) × E[δ | δ &gt; 0] and −P(δ &lt; 0) × E[δ | δ &lt; 0]); the closed forms avoid
/// dividing by a tail probability that can underflow. For a lower-is-better metric (latency, cost, errors)
/// the roles flip, as gbstats flips them for inverse metrics.
/// </summary>
public static class BayesianEffect
{
    /// <summary>Evaluates an effect from a comparison (absolute or relative; the prior must be in its unit).</summary>
    public static BayesianEffectResult Evaluate(
        EffectEstimate effect, bool lowerIsBetter = false, GaussianPrior? prior = null, double credibleLevel = ConfidenceLevels.Default)
    {
        ArgumentNullException.ThrowIfNull(effect);
        return Evaluate(effect.Estimate, effect.StandardError, lowerIsBetter, prior, credibleLevel);
    }

    /// <summary>
    /// Evaluates an effect given as estimate and standard error. A zero standard error makes the estimate
    /// certain (whatever the prior): the chance to win is 1 or 0 (0.5 for exactly no effect) and the loss is
    /// the plain shortfall.
    /// </summary>
    public static BayesianEffectResult Evaluate(
        double estimate, double standardError, bool lowerIsBetter = false, GaussianPrior? prior = null, double credibleLevel = ConfidenceLevels.Default)
    {
        ConfidenceLevels.Require(credibleLevel, nameof(credibleLevel));
        if (!double.IsFinite(estimate))
            throw new ArgumentOutOfRangeException(nameof(estimate), estimate, "The estimate is a finite number.");
        if (!double.IsFinite(standardError) || standardError < 0)
            throw new ArgumentOutOfRangeException(nameof(standardError), standardError, "A standard error is finite and not negative.");

        double mean;
        double deviation;
        if (standardError == 0)
        {
            mean = estimate;
            deviation = 0;
        }
        else if (prior is null)
        {
            mean = estimate;
            deviation = standardError;
        }
        else
        {
            var dataPrecision = 1 / (standardError * standardError);
            var priorPrecision = 1 / prior.Variance;
            var precision = dataPrecision + priorPrecision;
            mean = (estimate * dataPrecision + prior.Mean * priorPrecision) / precision;
            deviation = Math.Sqrt(1 / precision);
        }

        double chanceAboveZero;
        double chanceBelowZero;
        double gainAboveZero;
        double shortfallBelowZero;
        if (deviation == 0)
        {
            chanceAboveZero = mean > 0 ? 1 : mean < 0 ? 0 : 0.5;
            chanceBelowZero = 1 - chanceAboveZero;
            gainAboveZero = Math.Max(mean, 0);
            shortfallBelowZero = Math.Max(-mean, 0);
        }
        else
        {
            var standardized = mean / deviation;
            var density = Probability.NormalDensity(standardized);
            chanceBelowZero = Probability.NormalUpperTail(standardized);
            chanceAboveZero = Probability.NormalUpperTail(-standardized);
            gainAboveZero = Math.Max(0, mean * chanceAboveZero + deviation * density);
            shortfallBelowZero = Math.Max(0, deviation * density - mean * chanceBelowZero);
        }

        var halfWidth = Probability.NormalUpperQuantile((1 - credibleLevel) / 2) * deviation;
        return lowerIsBetter
            ? new BayesianEffectResult(chanceBelowZero, gainAboveZero, shortfallBelowZero, mean, deviation, mean - halfWidth, mean + halfWidth)
            : new BayesianEffectResult(chanceAboveZero, shortfallBelowZero, gainAboveZero, mean, deviation, mean - halfWidth, mean + halfWidth);
    }
}
