using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// How many observations each arm needs for a two-sided test at level α to detect a given relative effect
/// with the given power (equal arms, treatment against control; no correction for several treatments).
/// Inputs come from a person planning an experiment, so bad ones are validation errors naming the field.
/// </summary>
public static class SampleSize
{
    public const double DefaultAlpha = 0.05;

    public const double DefaultPower = 0.8;

    private const int MaxRefinements = 50;

    /// <summary>
    /// For a rate: p₁ = <paramref name="baselineRate"/>, p₂ = p₁ (1 + <paramref name="relativeMde"/>),
    /// n = (z₁₋α/₂ √(2 p̄ (1 − p̄)) + z_power √(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₂ − p₁)² with p̄ = (p₁ + p₂) / 2:
    /// the normal-approximation formula for the pooled two-proportion z-test (Fleiss, Levin &amp; Paik, without
    /// continuity correction), the same equation R's <c>power.prop.test</c> solves. Rounded up.
    /// </summary>
    public static Result<long> PerArmForProportions(
        double baselineRate, double relativeMde, double alpha = DefaultAlpha, double power = DefaultPower)
    {
        var errors = new List<FieldError>();
        if (!(baselineRate > 0 && baselineRate < 1))
            errors.Add(new FieldError("baselineRate", "The baseline rate is a fraction strictly between 0 and 1."));
        else if (!double.IsFinite(relativeMde) || relativeMde == 0)
            errors.Add(new FieldError("relativeMde", "The minimum detectable effect is a non-zero fraction of the baseline (0.05 = 5 %)."));
        else if (!(baselineRate * (1 + relativeMde) is > 0 and < 1))
            errors.Add(new FieldError("relativeMde", "The baseline moved by the minimum detectable effect must stay a rate strictly between 0 and 1."));
        AddLevelErrors(errors, alpha, power);
        if (errors.Count > 0)
            return Invalid(errors);

        var p1 = baselineRate;
        var p2 = baselineRate * (1 + relativeMde);
        var pooled = (p1 + p2) / 2;
        var zAlpha = Probability.NormalUpperQuantile(alpha / 2);
        var zPower = Probability.NormalUpperQuantile(1 - power);
        var spread = zAlpha * Math.Sqrt(2 * pooled * (1 - pooled)) + zPower * Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return RoundUp(spread * spread / ((p2 - p1) * (p2 - p1)), minimum: 1);
    }

    /// <summary>
    /// For a mean with variance σ² and δ = |<paramref name="baselineMean"/> × <paramref name="relativeMde"/>|:
    /// n = 2σ² (t₁₋α/₂,ν + t_power,ν)² / δ² with ν = 2n − 2, iterated from the normal formula to a fixed
    /// point. The t quantiles are the usual small-sample refinement of the normal formula and reproduce
    /// published tables (Cohen: 64 per group for d = 0.5, α = 0.05, power 0.8); the exact noncentral-t answer
    /// differs by about a tenth of an observation. Rounded up, and at least 2 (a variance needs two).
    /// </summary>
    public static Result<long> PerArmForMeans(
        double baselineMean, double variance, double relativeMde, double alpha = DefaultAlpha, double power = DefaultPower)
    {
        var errors = new List<FieldError>();
        if (!double.IsFinite(baselineMean) || baselineMean == 0)
            errors.Add(new FieldError("baselineMean", "The baseline mean is a non-zero number (the effect is relative to it)."));
        if (!(variance > 0) || double.IsPositiveInfinity(variance))
            errors.Add(new FieldError("variance", "The variance is a positive number."));
        if (!double.IsFinite(relativeMde) || relativeMde == 0)
            errors.Add(new FieldError("relativeMde", "The minimum detectable effect is a non-zero fraction of the baseline (0.05 = 5 %)."));
        AddLevelErrors(errors, alpha, power);
        if (errors.Count > 0)
            return Invalid(errors);

        var effect = Math.Abs(baselineMean * relativeMde);
        var scale = 2 * variance / (effect * effect);
        var zSum = Probability.NormalUpperQuantile(alpha / 2) + Probability.NormalUpperQuantile(1 - power);
        var perArm = Math.Max(2, scale * zSum * zSum);
        for (var step = 0; step < MaxRefinements; step++)
        {
            var degreesOfFreedom = 2 * perArm - 2;
            var tSum = Probability.StudentTUpperQuantile(alpha / 2, degreesOfFreedom)
                + Probability.StudentTUpperQuantile(1 - power, degreesOfFreedom);
            var next = Math.Max(2, scale * tSum * tSum);
            var moved = Math.Abs(next - perArm);
            perArm = next;
            if (moved < 1e-9 * perArm)
                break;
        }

        return RoundUp(perArm, minimum: 2);
    }

    private static void AddLevelErrors(List<FieldError> errors, double alpha, double power)
    {
        if (!(alpha > 0 && alpha < 1))
            errors.Add(new FieldError("alpha", "The significance level α is strictly between 0 and 1."));
        if (!(power >= 0.5 && power < 1))
            errors.Add(new FieldError("power", "The power is at least 0.5 and below 1."));
    }

    private static Result<long> RoundUp(double perArm, long minimum)
    {
        if (!(perArm < long.MaxValue))
            return Invalid([new FieldError("relativeMde", "The minimum detectable effect is too small to ever be detected.")]);
        return Math.Max(minimum, (long)Math.Ceiling(perArm));
    }

    private static Error Invalid(IReadOnlyList<FieldError> errors) =>
        Error.Validation("invalid-sample-size-inputs", "The sample size cannot be computed from these inputs.", errors);
}
