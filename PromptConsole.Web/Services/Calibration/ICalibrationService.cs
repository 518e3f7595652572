using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Calibration;

/// <summary>One day of an evaluator's calibration: the mean delta of the pairs scored that day.</summary>
public sealed record CalibrationTrendPoint(DateOnly Day, long Pairs, double MeanDelta);

/// <summary>
/// How far one evaluator's automated scores sit from people's feedback on the same executions. Deltas are the automated
/// score put on the feedback's 1–5 scale (1 + 4 × score) minus the feedback. <paramref name="Status"/>:
/// <c>well-calibrated</c>, <c>minor-drift</c>, <c>significant-drift</c>, or <c>insufficient-data</c> below the minimum
/// number of pairs.
/// </summary>
public sealed record EvaluatorCalibration(
    string Evaluator,
    long Pairs,
    double? MeanDelta,
    double? MeanAbsoluteDelta,
    string Status,
    IReadOnlyList<CalibrationTrendPoint> Trend);

public sealed record PromptCalibration(string Prompt, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<EvaluatorCalibration> Evaluators);

/// <summary>The calibration loop between predicted (automated) and actual (people's) quality, read from the execution records.</summary>
public interface ICalibrationService
{
    /// <summary>The prompt's calibration over the last <paramref name="window"/> (404 for an unknown prompt).</summary>
    Task<Result<PromptCalibration>> GetAsync(string promptKey, TimeSpan window, CancellationToken cancellationToken = default);
}
