using PromptConsole.Domain.Alerts;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One alert as stored: which rule (and SLO) raised it, what it said, and its lifecycle (started, acknowledged,
/// escalated, resolved, last notified) with the actions taken. Kept after it resolves: the alert history.
/// Its notification attempts are stored by the channels (by alert id).
/// </summary>
public sealed class AlertRow
{
    private AlertRow()
    {
        Name = Severity = Status = Summary = string.Empty;
        ActionsTaken = [];
    }

    public AlertRow(Guid id, Guid? ruleId, Guid? sloId, string name, string? promptKey, AlertSeverity severity, string summary, double? value, double? threshold, DateTimeOffset startedAt)
        : this()
    {
        Id = id;
        RuleId = ruleId;
        SloId = sloId;
        Name = name;
        PromptKey = promptKey;
        Severity = AlertSeverityNames.Of(severity);
        Status = AlertStatusNames.Of(AlertStatus.Firing);
        Summary = summary;
        Value = value;
        Threshold = threshold;
        StartedAt = startedAt;
    }

    public Guid Id { get; private set; }

    public Guid? RuleId { get; private set; }

    public Guid? SloId { get; private set; }

    /// <summary>The rule's name when it fired (kept when the rule is renamed or deleted).</summary>
    public string Name { get; private set; }

    public string? PromptKey { get; private set; }

    public string Severity { get; private set; }

    /// <summary><c>firing</c>, <c>acknowledged</c> or <c>resolved</c>.</summary>
    public string Status { get; private set; }

    /// <summary>The condition's latest sentence while open; the resolving one after.</summary>
    public string Summary { get; private set; }

    public double? Value { get; private set; }

    public double? Threshold { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public string? AcknowledgeComment { get; private set; }

    public DateTimeOffset? EscalatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>When the firing notification or the last repeat went out; repeats count from here.</summary>
    public DateTimeOffset? LastNotifiedAt { get; private set; }

    /// <summary>What the alert did, in order: each action performed or stood down with the reason, each escalation.</summary>
    public List<string> ActionsTaken { get; private set; }

    /// <summary>Bumped by every change; the concurrency token between the evaluation and an acknowledgement.</summary>
    public int Revision { get; private set; }

    public AlertStatus StatusValue => AlertStatusNames.Parse(Status) ?? AlertStatus.Firing;

    public OpenAlertState ToState() => new(StatusValue, StartedAt, LastNotifiedAt, EscalatedAt);

    public void Observe(string summary, double? value, AlertSeverity? severity)
    {
        Summary = summary;
        Value = value;
        if (severity is { } raised && raised > (AlertSeverityNames.Parse(Severity) ?? AlertSeverity.Info))
            Severity = AlertSeverityNames.Of(raised);
        Revision++;
    }

    public void Took(string action)
    {
        ActionsTaken = [.. ActionsTaken, action];
        Revision++;
    }

    public void Notified(DateTimeOffset at)
    {
        LastNotifiedAt = at;
        Revision++;
    }

    public void Escalated(DateTimeOffset at)
    {
        EscalatedAt = at;
        Revision++;
    }

    public void Acknowledge(string actor, string? comment, DateTimeOffset at)
    {
        Status = AlertStatusNames.Of(AlertStatus.Acknowledged);
        AcknowledgedAt = at;
        AcknowledgedBy = actor;
        AcknowledgeComment = comment;
        Revision++;
    }

    public void Resolve(string summary, double? value, DateTimeOffset at)
    {
        Status = AlertStatusNames.Of(AlertStatus.Resolved);
        Summary = summary;
        Value = value;
        ResolvedAt = at;
        Revision++;
    }

    public AlertView ToView(IReadOnlyList<NotificationAttemptView> notifications) => new(
        Id, RuleId, SloId, Name, PromptKey, Severity, Status, Summary, Value, Threshold, StartedAt, AcknowledgedAt, AcknowledgedBy,
        EscalatedAt, ResolvedAt, ActionsTaken.ToArray(), notifications);
}
