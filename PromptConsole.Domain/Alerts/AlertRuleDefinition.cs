namespace PromptConsole.Domain.Alerts;

/// <summary>What an operator sent for an alert rule; every member is optional so the validator names what is missing.</summary>
public sealed record AlertRuleDraft(
    string? Name,
    string? Prompt,
    string? Condition,
    double? Threshold,
    string? Window,
    string? Severity,
    IReadOnlyList<string?>? Actions,
    IReadOnlyList<Guid>? Channels,
    Guid? EscalationChannel,
    string? EscalateAfter,
    string? RepeatEvery,
    string? Label,
    string? Evaluator,
    bool? Enabled,
    Guid? Slo);

/// <summary>
/// A checked alert rule. <see cref="Window"/> and the optional durations are kept as written (<c>5m</c>, <c>1h</c>)
/// for the API and parsed for the evaluation. <see cref="Prompt"/> null watches every prompt together.
/// <see cref="Label"/> is the label a <see cref="AlertAction.Rollback"/> moves back.
/// </summary>
public sealed record AlertRuleDefinition(
    string Name,
    string? Prompt,
    AlertCondition Condition,
    double Threshold,
    string Window,
    TimeSpan WindowSpan,
    AlertSeverity Severity,
    IReadOnlyList<AlertAction> Actions,
    IReadOnlyList<Guid> Channels,
    Guid? EscalationChannel,
    string? EscalateAfter,
    TimeSpan? EscalateAfterSpan,
    string? RepeatEvery,
    TimeSpan? RepeatEverySpan,
    string Label,
    string? Evaluator,
    bool Enabled,
    Guid? Slo)
{
    public bool Notifies => Actions.Contains(AlertAction.Notify);

    /// <summary>When a firing alert of this rule is sent again and escalated.</summary>
    public AlertTiming Timing => new(RepeatEverySpan, EscalateAfterSpan, EscalationChannel is not null);
}
