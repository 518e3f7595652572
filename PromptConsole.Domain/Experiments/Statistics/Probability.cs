using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// The normal, Student t and chi-square functions the experiment statistics need. Upper tails come straight
/// from the regularized incomplete beta and gamma functions instead of 1 − CDF, so a p-value of 1e-30 keeps
/// its digits instead of rounding to 0; quantiles are polished with Newton steps on those exact tails because
/// MathNet's own t quantile is a generic root search it documents as slow and unreliable.
/// </summary>
internal static class Probability
{
    /// <summary>
    /// Above this many degrees of freedom MathNet's incomplete beta loses digits (about 1e-16 × df relative),
    /// while the t tail is within about z⁴ / (4 df) (relative) of the normal one: past here the normal is the
    /// closer of the two, and both are within 1e-7 for the p-values that matter.
    /// </summary>
    private const double NormalDegreesOfFreedom = 1e8;

    /// <summary>Above this the four-term Cornish–Fisher expansion is exact to double precision by itself.</summary>
    private const double ExpansionDegreesOfFreedom = 1e5;

    private const int MaxNewtonSteps = 100;

    /// <summary>P(Z &gt; z) for a standard normal Z.</summary>
    public static double NormalUpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Constants.Sqrt2);

    /// <summary>The density of the standard normal at z.</summary>
    public static double NormalDensity(double z) => Math.Exp(-0.5 * z * z) / Constants.Sqrt2Pi;

    /// <summary>The z with P(Z &gt; z) = <paramref name="upperTail"/>.</summary>
    public static double NormalUpperQuantile(double upperTail) => -Normal.InvCDF(0, 1, upperTail);

    /// <summary>Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|).</summary>
    public static double NormalTwoSidedPValue(double z) => Math.Min(1, 2 * NormalUpperTail(Math.Abs(z)));

    /// <summary>P(T &gt; t) for Student's t with <paramref name="degreesOfFreedom"/> (any positive real).</summary>
    public static double StudentTUpperTail(double t, double degreesOfFreedom)
    {
        if (degreesOfFreedom > NormalDegreesOfFreedom)
            return NormalUpperTail(t);
        if (double.IsPositiveInfinity(t))
            return 0;
        if (double.IsNegativeInfinity(t))
            return 1;

        var x = degreesOfFreedom / (degreesOfFreedom + t * t);
        var tail = 0.5 * SpecialFunctions.BetaRegularized(degreesOfFreedom / 2, 0.5, x);
        return t >= 0 ? tail : 1 - tail;
    }

    /// <summary>Two-sided p-value of a t statistic: P(|T| ≥ |t|).</summary>
    public static double StudentTTwoSidedPValue(double t, double degreesOfFreedom) =>
        Math.Min(1, 2 * StudentTUpperTail(Math.Abs(t), degreesOfFreedom));

    /// <summary>
    /// The t ≥ 0 with P(T &gt; t) = <paramref name="upperTail"/> (0 &lt; upperTail ≤ 0.5): the Cornish–Fisher
    /// expansion (Abramowitz &amp; Stegun 26.7.5) as a start, then Newton steps on the exact tail. The tail is
    /// convex and decreasing for t ≥ 0, so from any start left of the root Newton climbs to it monotonically,
    /// and a start right of the root is thrown left of it in one step.
    /// </summary>
    public static double StudentTUpperQuantile(double upperTail, double degreesOfFreedom)
    {
        var t = CornishFisher(NormalUpperQuantile(upperTail), degreesOfFreedom);
        if (degreesOfFreedom > ExpansionDegreesOfFreedom)
            return t;

        for (var step = 0; step < MaxNewtonSteps; step++)
        {
            var density = StudentT.PDF(0, 1, degreesOfFreedom, t);
            var next = Math.Max(0, t + (StudentTUpperTail(t, degreesOfFreedom) - upperTail) / density);
            var moved = Math.Abs(next - t);
            t = next;
            if (moved <= 1e-14 * Math.Max(1, t))
                break;
        }

        return t;
    }

    /// <summary>P(X &gt; x) for a chi-square X with <paramref name="degreesOfFreedom"/>.</summary>
    public static double ChiSquareUpperTail(double x, int degreesOfFreedom) =>
        x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2);

    private static double CornishFisher(double z, double v)
    {
        var z2 = z * z;
        var z3 = z2 * z;
        var z5 = z3 * z2;
        var z7 = z5 * z2;
        var z9 = z7 * z2;
        var g1 = (z3 + z) / 4;
        var g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
        var g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
        var g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
        return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
    }
}
