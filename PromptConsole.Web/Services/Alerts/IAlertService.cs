using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// What an operator sends to create or replace an alert rule (the API body). <paramref name="Condition"/> names what is
/// watched: <c>error-rate-spike</c>, <c>latency-vs-baseline</c>, <c>success-rate-drop</c>, <c>cost-spike</c>,
/// <c>cache-hit-rate-drop</c>, <c>quality-drop</c>, <c>feedback-drop</c>, <c>calibration-drift</c>,
/// <c>provider-failures</c>, or <c>slo-burn</c> for the SLO <paramref name="Slo"/>: it fires when the SLO's multi-window
/// burn-rate condition holds, as a page or a ticket by the burn. <paramref name="Window"/> a duration like <c>5m</c>; <paramref name="Severity"/>
/// <c>page|ticket|info</c>; <paramref name="Actions"/> any of <c>notify</c>, <c>pause-canary</c>, <c>rollback</c>;
/// <paramref name="Channels"/> the channels notified, <paramref name="EscalationChannel"/> the one told when nobody
/// acknowledges within <paramref name="EscalateAfter"/>; <paramref name="RepeatEvery"/> how often a firing alert is sent again.
/// </summary>
public sealed record AlertRuleCommand(
    string? Name,
    string? Prompt,
    string? Condition,
    double? Threshold,
    string? Window,
    string? Severity,
    IReadOnlyList<string>? Actions,
    IReadOnlyList<Guid>? Channels,
    Guid? EscalationChannel,
    string? EscalateAfter,
    string? RepeatEvery,
    string? Label,
    string? Evaluator,
    bool? Enabled,
    Guid? Slo = null);

public sealed record AlertRuleView(
    Guid Id,
    string Name,
    string? Prompt,
    string Condition,
    double Threshold,
    string Window,
    string Severity,
    IReadOnlyList<string> Actions,
    IReadOnlyList<Guid> Channels,
    Guid? EscalationChannel,
    string? EscalateAfter,
    string? RepeatEvery,
    string? Label,
    string? Evaluator,
    bool Enabled,
    Guid? Slo,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One delivery attempt of a notification to a channel (every attempt is kept).</summary>
public sealed record NotificationAttemptView(
    Guid Id,
    Guid ChannelId,
    string ChannelName,
    string Kind,
    int Attempt,
    DateTimeOffset At,
    bool Succeeded,
    int? StatusCode,
    string? Error);

/// <summary>
/// One alert, from a rule (<paramref name="RuleId"/>) or an SLO's burn-rate condition (<paramref name="SloId"/>).
/// <paramref name="Status"/> <c>firing</c>, <c>acknowledged</c> or <c>resolved</c>.
/// </summary>
public sealed record AlertView(
    Guid Id,
    Guid? RuleId,
    Guid? SloId,
    string Name,
    string? Prompt,
    string Severity,
    string Status,
    string Summary,
    double? Value,
    double? Threshold,
    DateTimeOffset StartedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<string> ActionsTaken,
    IReadOnlyList<NotificationAttemptView> Notifications);

/// <summary>Which alerts a history query returns; nulls match all.</summary>
public sealed record AlertQuery(string? Status = null, string? Prompt = null, Guid? RuleId = null, Guid? SloId = null, DateTimeOffset? Since = null, int Take = 200);

/// <summary>
/// Alert rules, the alerts they and the SLOs raise, and their lifecycle: evaluation on the controller's schedule,
/// notifications (repeat while firing, escalation when not acknowledged, resolve), actions through the canary service and
/// the automatic-rollback safeguards. Every fire, acknowledgement, escalation and resolution is audited (<c>alert.*</c>),
/// which puts it on the prompt's incident timeline.
/// </summary>
public interface IAlertService
{
    Task<IReadOnlyList<AlertRuleView>> ListRulesAsync(CancellationToken cancellationToken = default);

    Task<Result<AlertRuleView>> GetRuleAsync(Guid id, CancellationToken cancellationToken = default);

    Task<Result<AlertRuleView>> CreateRuleAsync(AlertRuleCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<AlertRuleView>> UpdateRuleAsync(Guid id, AlertRuleCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<bool>> DeleteRuleAsync(Guid id, string actor, CancellationToken cancellationToken = default);

    /// <summary>Alert history, newest first.</summary>
    Task<IReadOnlyList<AlertView>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);

    Task<Result<AlertView>> GetAlertAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Stops escalation and repeats of a firing alert; 409 when it is already resolved or acknowledged.</summary>
    Task<Result<AlertView>> AcknowledgeAsync(Guid id, string actor, string? comment, CancellationToken cancellationToken = default);

    /// <summary>One evaluation pass (the controller calls it on its schedule): fires, repeats, escalates and resolves.</summary>
    Task EvaluateAsync(CancellationToken cancellationToken = default);
}
