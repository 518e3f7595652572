using PromptConsole.Domain.Metrics;

namespace PromptConsole.Domain.Alerts;

/// <summary>
/// An evaluator's calibration as the alert reads it: <paramref name="Status"/> <c>well-calibrated</c>,
/// <c>minor-drift</c>, <c>significant-drift</c> or <c>insufficient-data</c>.
/// </summary>
public sealed record CalibrationReading(string Prompt, string Evaluator, string Status, long Pairs, double? MeanDelta);

/// <summary>
/// An SLO's burn as the alert reads it: <paramref name="Burning"/> the severity (<c>page</c>/<c>ticket</c>) whose
/// multi-window burn-rate condition holds, null when none; <paramref name="HighestBurnRate"/> the highest burn rate of
/// its windows (the alert's value).
/// </summary>
public sealed record SloBurnReading(string Name, string? Burning, string? Reason, double? HighestBurnRate, long Events);

/// <summary>
/// What a rule's condition is judged on: the window's aggregate and its baseline (the 24 hours before the window),
/// the calibration of the evaluators in scope, and the SLO's burn. Each condition reads only its part; a part that
/// could not be measured is null (an SLO that no longer exists, no executions at all).
/// </summary>
public sealed record AlertMeasurements(
    ExecutionStats? Window = null,
    ExecutionStats? Baseline = null,
    IReadOnlyList<CalibrationReading>? Calibration = null,
    SloBurnReading? Slo = null);
