namespace PromptConsole.Domain.Calibration;

/// <summary>
/// When an evaluator counts as calibrated. The mean <em>absolute</em> delta decides, not the mean delta: an evaluator
/// that is two stars too kind on half the executions and two stars too harsh on the other half has a mean delta of 0
/// and is still useless.
/// </summary>
/// <param name="MinimumPairs">Below this many pairs the status is <c>insufficient-data</c>: a handful of ratings says
/// more about the people who happened to rate than about the evaluator.</param>
/// <param name="WellCalibratedBelow">Half a star. People rate in whole stars while the automated score is continuous,
/// so even a perfect evaluator is off by up to half a star on each pair (a quarter on average from rounding alone);
/// below half a star on average the two agree to within people's own resolution.</param>
/// <param name="MinorDriftBelow">One star: off by less than a whole step on average is drift worth watching; a whole
/// star or more (a "good" answer scored as "fair") means the automated score can no longer stand in for people.</param>
public sealed record CalibrationThresholds(long MinimumPairs, double WellCalibratedBelow, double MinorDriftBelow)
{
    public static readonly CalibrationThresholds Default = new(10, 0.5, 1.0);
}

public static class CalibrationStatus
{
    public const string WellCalibrated = "well-calibrated";
    public const string MinorDrift = "minor-drift";
    public const string SignificantDrift = "significant-drift";
    public const string InsufficientData = "insufficient-data";

    public static string Of(CalibrationSummary summary, CalibrationThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var limits = thresholds ?? CalibrationThresholds.Default;
        if (summary.Pairs < limits.MinimumPairs || summary.MeanAbsoluteDelta is not { } off)
            return InsufficientData;
        if (off < limits.WellCalibratedBelow)
            return WellCalibrated;
        return off < limits.MinorDriftBelow ? MinorDrift : SignificantDrift;
    }

    /// <summary>
    /// One status for a prompt with several evaluators: the worst among those with enough data (a prompt is as
    /// trustworthy as its least calibrated evaluator), <c>insufficient-data</c> when none has enough, null without any.
    /// </summary>
    public static string? Worst(IEnumerable<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        string? worst = null;
        foreach (var status in statuses)
        {
            if (worst is null || Severity(status) > Severity(worst))
                worst = status;
        }

        return worst;
    }

    private static int Severity(string status) => status switch
    {
        InsufficientData => 0,
        WellCalibrated => 1,
        MinorDrift => 2,
        SignificantDrift => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a calibration status."),
    };
}
