using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>How long an experiment has to run to reach its sample size at the current traffic.</summary>
/// <param name="SampleSizePerArm">Observations every arm needs.</param>
/// <param name="TotalSampleSize">Observations the experiment takes in all, across all arms.</param>
/// <param name="Days">Time until the slowest arm has its sample, in days (fractional).</param>
public sealed record ExperimentDurationEstimate(long SampleSizePerArm, long TotalSampleSize, double Days)
{
    public double Hours => Days * 24;
}

/// <summary>
/// Turns a per-arm sample size into a duration: eligible executions a day × coverage (the fraction of them
/// the experiment takes) × an arm's share of the experiment is the arm's daily intake, and the arm with the
/// smallest share finishes last. Assumes traffic stays as it is now.
/// </summary>
public static class ExperimentDuration
{
    /// <summary>For equally weighted arms.</summary>
    public static Result<ExperimentDurationEstimate> Estimate(long sampleSizePerArm, int arms, double eligiblePerDay, double coverage = 1)
    {
        if (arms < 2)
            return Invalid("arms", "An experiment has at least two arms.");
        Span<double> equalWeights = arms <= 64 ? stackalloc double[arms] : new double[arms];
        equalWeights.Fill(1);
        return Estimate(sampleSizePerArm, equalWeights, eligiblePerDay, coverage);
    }

    /// <summary>For arms with the given weights (any positive scale); the smallest weight sets the duration.</summary>
    public static Result<ExperimentDurationEstimate> Estimate(long sampleSizePerArm, ReadOnlySpan<double> weights, double eligiblePerDay, double coverage = 1)
    {
        if (sampleSizePerArm < 1)
            return Invalid("sampleSizePerArm", "The sample size per arm is at least 1.");
        if (weights.Length < 2)
            return Invalid("weights", "An experiment has at least two arms.");
        if (!(eligiblePerDay > 0) || double.IsPositiveInfinity(eligiblePerDay))
            return Invalid("eligiblePerDay", "Eligible traffic is a positive number of executions a day.");
        if (!(coverage > 0 && coverage <= 1))
            return Invalid("coverage", "Coverage is the fraction of eligible traffic in the experiment, above 0 and at most 1.");

        double totalWeight = 0;
        var smallestWeight = double.PositiveInfinity;
        foreach (var weight in weights)
        {
            if (!(weight > 0) || double.IsPositiveInfinity(weight))
                return Invalid("weights", "Every arm has a positive weight.");
            totalWeight += weight;
            smallestWeight = Math.Min(smallestWeight, weight);
        }

        var slowestArmPerDay = eligiblePerDay * coverage * smallestWeight / totalWeight;
        var total = 0L;
        foreach (var weight in weights)
            total += (long)Math.Ceiling(sampleSizePerArm * weight / smallestWeight);
        return new ExperimentDurationEstimate(sampleSizePerArm, total, sampleSizePerArm / slowestArmPerDay);
    }

    private static Error Invalid(string field, string message) =>
        Error.Validation("invalid-duration-inputs", "The duration cannot be estimated from these inputs.", [new FieldError(field, message)]);
}
