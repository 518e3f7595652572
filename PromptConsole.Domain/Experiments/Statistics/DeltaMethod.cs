namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>
/// The relative effect (lift) of two independent means and its variance by the delta method, as GrowthBook
/// computes it: lift = m_T / m_C − 1 and Var ≈ v_T / (n_T m_C²) + v_C m_T² / (n_C m_C⁴), the first-order
/// expansion of the ratio of the two means. It is an approximation that is good while the control mean is
/// many standard errors away from zero.
/// </summary>
internal static class DeltaMethod
{
    /// <summary>The lift and its variance; null when the control mean is 0 and a lift does not exist.</summary>
    public static (double Lift, double Variance)? Lift(
        double controlMean, double controlVariance, long controlCount,
        double treatmentMean, double treatmentVariance, long treatmentCount)
    {
        if (controlMean == 0)
            return null;

        var controlMeanSquared = controlMean * controlMean;
        var variance = treatmentVariance / (treatmentCount * controlMeanSquared)
            + controlVariance * treatmentMean * treatmentMean / (controlCount * controlMeanSquared * controlMeanSquared);
        return ((treatmentMean - controlMean) / controlMean, variance);
    }
}
