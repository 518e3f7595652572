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
    /// <summary>The objective as a ratio (99.5 % is 0.995).</summary>
    public double Objective => ObjectivePercent / 100d;

    /// <summary>The share of events allowed to be bad over the period (1 − objective), from the percentage so 99.5 gives 0.005 exactly as written.</summary>
    public double ErrorBudget => (100d - ObjectivePercent) / 100d;

    public TimeSpan Period => TimeSpan.FromDays(PeriodDays);
}
