namespace PromptConsole.Domain.Alerts;

/// <summary>Whether a condition holds now; <see cref="NoData"/> (too few executions, no baseline) keeps an alert as it is.</summary>
public enum AlertConditionState
{
    DoesNotHold,
    Holds,
    NoData,
}

/// <summary>
/// The verdict on one rule: the state, the observed value (on the threshold's scale), a sentence for people, and for
/// slo-burn the severity the burn calls for (the alert's severity then).
/// </summary>
public sealed record AlertConditionResult(AlertConditionState State, double? Value, string Summary, AlertSeverity? Severity = null)
{
    public bool Holds => State == AlertConditionState.Holds;
}
