namespace PromptConsole.Domain.Calibration;

/// <summary>
/// The pairs of one evaluator summed up: how many, the mean delta (its bias: which way it leans) and the mean absolute
/// delta (how far off it is, whichever way). Means are null without pairs.
/// </summary>
public sealed record CalibrationSummary(long Pairs, double? MeanDelta, double? MeanAbsoluteDelta)
{
    public static readonly CalibrationSummary Empty = new(0, null, null);

    /// <summary>From sums computed elsewhere (a database GROUP BY): the count, Σ delta and Σ |delta|.</summary>
    public static CalibrationSummary FromSums(long pairs, double deltaSum, double absoluteDeltaSum) =>
        pairs <= 0 ? Empty : new CalibrationSummary(pairs, deltaSum / pairs, absoluteDeltaSum / pairs);

    public static CalibrationSummary Of(IEnumerable<CalibrationPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        long count = 0;
        double sum = 0, absoluteSum = 0;
        foreach (var pair in pairs)
        {
            var delta = pair.Delta;
            count++;
            sum += delta;
            absoluteSum += Math.Abs(delta);
        }

        return FromSums(count, sum, absoluteSum);
    }
}
