namespace PromptConsole.Domain.Alerts;

/// <summary>When a rule's firing alert is sent again and escalated; nulls turn each off.</summary>
public sealed record AlertTiming(TimeSpan? RepeatEvery, TimeSpan? EscalateAfter, bool HasEscalationChannel);

/// <summary>The open (firing or acknowledged) alert of a rule as the lifecycle needs it.</summary>
public sealed record OpenAlertState(AlertStatus Status, DateTimeOffset StartedAt, DateTimeOffset? LastNotifiedAt, DateTimeOffset? EscalatedAt);

/// <summary>What the evaluation does to a rule's alert at one pass.</summary>
public enum AlertLifecycleAction
{
    /// <summary>Opens a new alert: audit, firing notification, the rule's actions.</summary>
    Fire,

    /// <summary>Sends the firing alert again (nobody acknowledged it and <see cref="AlertTiming.RepeatEvery"/> passed).</summary>
    Repeat,

    /// <summary>Tells the escalation channel (nobody acknowledged within <see cref="AlertTiming.EscalateAfter"/>); once per alert.</summary>
    Escalate,

    /// <summary>Closes the alert: its condition stopped holding.</summary>
    Resolve,
}

/// <summary>
/// The alert lifecycle as a pure decision from the rule's open alert (if any), the condition's verdict now and the
/// clock:
/// <list type="bullet">
/// <item>no open alert: the condition holds → fire; otherwise nothing (no data never fires).</item>
/// <item>an open alert whose condition does not hold → resolve (acknowledged or not).</item>
/// <item>an open alert and no data → no resolve: the alert keeps its state (a quiet prompt has not recovered).</item>
/// <item>an acknowledged alert that holds (or has no data) → nothing: a person is on it, so no repeats, no escalation.</item>
/// <item>a firing (unacknowledged) alert that holds or has no data → escalate once, when an escalation channel and
/// <see cref="AlertTiming.EscalateAfter"/> are set and that long has passed since it started; and repeat when
/// <see cref="AlertTiming.RepeatEvery"/> is set and that long has passed since it was last sent (the firing
/// notification or the last repeat). Both may happen at the same pass.</item>
/// </list>
/// </summary>
public static class AlertLifecycle
{
    public static IReadOnlyList<AlertLifecycleAction> Decide(OpenAlertState? open, AlertConditionState condition, AlertTiming timing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timing);
        if (open is null || open.Status == AlertStatus.Resolved)
            return condition == AlertConditionState.Holds ? [AlertLifecycleAction.Fire] : [];
        if (condition == AlertConditionState.DoesNotHold)
            return [AlertLifecycleAction.Resolve];
        if (open.Status == AlertStatus.Acknowledged)
            return [];

        var actions = new List<AlertLifecycleAction>(2);
        if (timing is { HasEscalationChannel: true, EscalateAfter: { } escalateAfter } && open.EscalatedAt is null && now - open.StartedAt >= escalateAfter)
            actions.Add(AlertLifecycleAction.Escalate);
        if (timing.RepeatEvery is { } repeatEvery && now - (open.LastNotifiedAt ?? open.StartedAt) >= repeatEvery)
            actions.Add(AlertLifecycleAction.Repeat);
        return actions;
    }
}
