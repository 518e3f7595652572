namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>The confidence level shared by the comparisons, and the check every entry point makes of it.</summary>
public static class ConfidenceLevels
{
    /// <summary>95 %: the level GrowthBook and most experiment tools default to (α = 0.05, two-sided).</summary>
    public const double Default = 0.95;

    /// <summary>
    /// Throws for a level outside (0, 1). A level comes from configuration, not from measured data, so a bad
    /// one is a programming or settings error, not an expected rejection.
    /// </summary>
    public static double Require(double confidenceLevel, string parameterName = "confidenceLevel")
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
            throw new ArgumentOutOfRangeException(parameterName, confidenceLevel, "A confidence level lies strictly between 0 and 1.");
        return confidenceLevel;
    }
}
