namespace PromptConsole.Domain.Slos;

/// <summary>
/// A service level objective for one prompt (<see cref="PromptKey"/>) or for all prompts (null): the share of good
/// events (<see cref="Indicator"/>) must stay at or above <see cref="ObjectivePercent"/> over a rolling
/// <see cref="PeriodDays"/>. Only built by <see cref="SloValidator"/> or from a row it once accepted.
/// </summary>
public sealed record SloDefinition(
    Guid Id,
    string Name,
    string? PromptKey,
    SloIndicator Indicator,
    double ObjectivePercent,
    int PeriodDays,
    double? LatencyThresholdMs,
    double? QualityThreshold)
{
    /// <summary>The objective as a ratio (99.5 % is 0.995; rounded to 12 decimals, so 99.9 gives 0.999, not 0.9990000000000001).</summary>
    public double Objective => Math.Round(ObjectivePercent / 100d, 12);

    /// <summary>The share of events allowed to be bad over the period (1 − objective), from the percentage and rounded likewise (100 − 99.9 is 0.0999…432 in binary).</summary>
    public double ErrorBudget => Math.Round((100d - ObjectivePercent) / 100d, 12);

    public TimeSpan Period => TimeSpan.FromDays(PeriodDays);
}
