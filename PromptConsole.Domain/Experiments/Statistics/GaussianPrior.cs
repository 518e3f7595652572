namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// A proper normal prior on an effect, in the same unit as the effect it is combined with (a fraction for a
/// relative effect). No prior at all (null) is GrowthBook's default: the improper flat prior, under which the
/// posterior is the estimate's own normal distribution.
/// </summary>
public sealed record GaussianPrior
{
    public GaussianPrior(double mean, double variance)
    {
        if (!double.IsFinite(mean))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The prior mean is a finite number.");
        if (!(variance > 0) || double.IsPositiveInfinity(variance))
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "The prior variance is a positive number.");
        Mean = mean;
        Variance = variance;
    }

    public double Mean { get; }

    public double Variance { get; }
}
