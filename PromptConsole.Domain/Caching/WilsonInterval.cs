namespace PromptConsole.Domain.Caching;

/// <summary>
/// The Wilson score interval of a binomial proportion: unlike the plain ±z·√(p(1−p)/n) it stays inside [0, 1] and
/// does not collapse to zero width when no failure was seen, which is exactly the case a threshold is chosen in
/// ("0 false hits in 30 samples" still allows about 11 %).
/// </summary>
public static class WilsonInterval
{
    /// <summary>z for a two-sided 95 % interval.</summary>
    public const double Z95 = 1.959963984540054;

    public static double UpperBound(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return 1.0;
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = p + z2 / (2 * n);
        var margin = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return Math.Min(1.0, (centre + margin) / (1 + z2 / n));
    }
}
