namespace PromptConsole.Domain.Caching;

/// <summary>A labelled pair: the two texts' similarity and whether they deserve the same answer.</summary>
public readonly record struct LabelledPair(double Similarity, bool SameAnswer);

/// <summary>
/// At one threshold, treating "similarity ≥ threshold" as "serve the cached answer": precision is the share of served
/// pairs that deserved the same answer (1 − false-hit rate), recall the share of same-answer pairs that were served.
/// Precision is null when nothing would be served.
/// </summary>
public sealed record CalibrationRow(double Threshold, int Served, int TruePositives, double? Precision, double Recall);

public sealed record ThresholdCalibrationResult(double TargetPrecision, double? CalibratedThreshold, IReadOnlyList<CalibrationRow> Rows);

/// <summary>
/// Threshold calibration from labelled pairs (STS-B, or pairs an operator labelled): precision and recall per
/// threshold, and the lowest threshold whose precision reaches the target — the most hits the target allows.
/// </summary>
public static class ThresholdCalibration
{
    public static ThresholdCalibrationResult Calibrate(IEnumerable<LabelledPair> pairs, double targetPrecision, IReadOnlyList<double>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegative(targetPrecision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetPrecision, 1.0);

        var all = pairs.ToArray();
        var positives = all.Count(pair => pair.SameAnswer);
        var rows = new List<CalibrationRow>();
        double? calibrated = null;
        foreach (var threshold in thresholds ?? FalseHitEstimate.Thresholds)
        {
            int served = 0, truePositives = 0;
            foreach (var pair in all)
            {
                if (pair.Similarity + 1e-9 >= threshold)
                {
                    served++;
                    if (pair.SameAnswer)
                    {
                        truePositives++;
                    }
                }
            }

            double? precision = served == 0 ? null : (double)truePositives / served;
            var recall = positives == 0 ? 0.0 : (double)truePositives / positives;
            rows.Add(new CalibrationRow(threshold, served, truePositives, precision, recall));
            if (calibrated is null && precision >= targetPrecision)
            {
                calibrated = threshold;
            }
        }

        return new ThresholdCalibrationResult(targetPrecision, calibrated, rows);
    }
}
