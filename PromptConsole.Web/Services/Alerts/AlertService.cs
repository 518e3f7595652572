using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Metrics;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services.Calibration;
using PromptConsole.Web.Services.Rollouts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// Alert rules and their alerts. Each evaluation pass measures every enabled rule (the metrics store for the window and
/// its baseline, the calibration service, the SLO evaluator), judges it with <see cref="AlertConditionEvaluator"/> and
/// lets <see cref="AlertLifecycle"/> decide; this class only carries the decisions out: stores the alert, notifies the
/// channels, runs the actions (pausing a canary, an automatic rollback through the safeguards) and audits each step
/// with the prompt's key, so alerts join the prompt's incident timeline. Everything runs on the injected clock.
/// </summary>
public sealed partial class AlertService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    IPromptRegistry registry,
    INotificationChannels channels,
    ISloEvaluator slos,
    ICalibrationService calibration,
    IMetricsStore metrics,
    ICanaryService canaries,
    AutomaticLabelRollback labelRollback,
    TimeProvider time,
    ILogger<AlertService> logger) : IAlertService
{
    /// <summary>The actor of what the evaluation does (fires, escalations, resolutions).</summary>
    public const string SystemActor = "system";

    public const int MaxTake = 1_000;

    public static string RuleTarget(Guid id) => "alert-rule:" + id.ToString("D", CultureInfo.InvariantCulture);

    public static string AlertTarget(Guid id) => "alert:" + id.ToString("D", CultureInfo.InvariantCulture);

    /// <summary>Who asks a canary pause or a rollback of an alert: <c>alert:&lt;rule name&gt;</c> (the rollback trigger too).</summary>
    public static string ActorOf(string ruleName)
    {
        var actor = "alert:" + ruleName;
        return actor.Length <= RollbacksTriggerLength ? actor : actor[..RollbacksTriggerLength];
    }

    private const int RollbacksTriggerLength = 200;

    public async Task<IReadOnlyList<AlertRuleView>> ListRulesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AlertRules.AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id).Select(r => r.ToView()).ToArray();
    }

    public async Task<Result<AlertRuleView>> GetRuleAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? RuleNotFound(id) : row.ToView();
    }

    public async Task<Result<AlertRuleView>> CreateRuleAsync(AlertRuleCommand command, string actor, CancellationToken cancellationToken = default)
    {
        var checkedRule = await CheckAsync(command, cancellationToken);
        if (!checkedRule.IsSuccess)
            return checkedRule.Error!;

        var now = time.GetUtcNow();
        var rule = checkedRule.Value;
        var row = new AlertRuleRow(rule, now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AlertRules.Add(row);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.AlertRuleCreated, rule.Prompt, RuleTarget(row.Id), $"alert rule {rule.Name}: {Describe(rule)}", null));
        await db.SaveChangesAsync(cancellationToken);
        return row.ToView();
    }

    public async Task<Result<AlertRuleView>> UpdateRuleAsync(Guid id, AlertRuleCommand command, string actor, CancellationToken cancellationToken = default)
    {
        var checkedRule = await CheckAsync(command, cancellationToken);
        if (!checkedRule.IsSuccess)
            return checkedRule.Error!;

        var now = time.GetUtcNow();
        var rule = checkedRule.Value;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null)
            return RuleNotFound(id);
        var before = Describe(row.ToDefinition());
        row.Apply(rule, now);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.AlertRuleUpdated, rule.Prompt, RuleTarget(id), $"alert rule {rule.Name}: {before} → {Describe(rule)}", null));
        var conflict = await db.SaveOrConflictAsync(() => Error.Conflict("alert-rule-changed", "The rule changed meanwhile; read it again and retry."), cancellationToken);
        return conflict is null ? row.ToView() : conflict;
    }

    /// <summary>Deletes the rule; its open alert is resolved (nobody can act on a rule that is gone) and kept in the history.</summary>
    public async Task<Result<bool>> DeleteRuleAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.AlertRules.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (row is null)
            return RuleNotFound(id);
        var resolved = AlertStatusNames.Of(AlertStatus.Resolved);
        var open = await db.Alerts.Where(a => a.RuleId == id && a.Status != resolved).ToListAsync(cancellationToken);
        foreach (var alert in open)
        {
            alert.Resolve("resolved because its rule was deleted", alert.Value, now);
            db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.AlertResolved, alert.PromptKey, AlertTarget(alert.Id), $"{alert.Name}: resolved (rule deleted)", null));
        }

        db.AlertRules.Remove(row);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.AlertRuleDeleted, row.PromptKey, RuleTarget(id), $"alert rule {row.Name} deleted", null));
        var conflict = await db.SaveOrConflictAsync(() => Error.Conflict("alert-rule-changed", "The rule changed meanwhile; read it again and retry."), cancellationToken);
        return conflict is null ? true : conflict;
    }

    public async Task<IReadOnlyList<AlertView>> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking();
        if (query.Status is not null)
        {
            var status = AlertStatusNames.Parse(query.Status) is { } parsed ? AlertStatusNames.Of(parsed) : query.Status;
            alerts = alerts.Where(a => a.Status == status);
        }

        if (query.Prompt is not null)
            alerts = alerts.Where(a => a.PromptKey == query.Prompt);
        if (query.RuleId is { } ruleId)
            alerts = alerts.Where(a => a.RuleId == ruleId);
        if (query.SloId is { } sloId)
            alerts = alerts.Where(a => a.SloId == sloId);

        if (query.Since is { } since)
            alerts = alerts.Where(a => a.StartedAt >= since);
        var take = Math.Clamp(query.Take, 1, MaxTake);
        var page = await alerts.OrderByDescending(a => a.StartedAt).ThenByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
        var views = new List<AlertView>(page.Count);
        foreach (var row in page)
            views.Add(row.ToView(await channels.ListAttemptsAsync(row.Id, cancellationToken)));
        return views;
    }

    public async Task<Result<AlertView>> GetAlertAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (row is null)
            return AlertNotFound(id);
        return row.ToView(await channels.ListAttemptsAsync(id, cancellationToken));
    }

    public async Task<Result<AlertView>> AcknowledgeAsync(Guid id, string actor, string? comment, CancellationToken cancellationToken = default)
    {
        var note = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();

        // The evaluation may update the alert (its latest value) at the same moment: read again and retry then.
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (row is null)
                return AlertNotFound(id);
            switch (row.StatusValue)
            {
                case AlertStatus.Resolved:
                    return Error.Conflict("alert-resolved", $"Alert {row.Name} resolved at {Time(row.ResolvedAt!.Value)}; there is nothing to acknowledge.");
                case AlertStatus.Acknowledged:
                    return Error.Conflict("alert-acknowledged", $"Alert {row.Name} was already acknowledged by {row.AcknowledgedBy} at {Time(row.AcknowledgedAt!.Value)}.");
            }

            row.Acknowledge(actor, note, now);
            db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.AlertAcknowledged, row.PromptKey, AlertTarget(id), $"{row.Name}: acknowledged ({row.Summary})", note));
            var conflict = await db.SaveOrConflictAsync(() => Error.Conflict("alert-changed", "The alert changed meanwhile; read it again."), cancellationToken);
            if (conflict is null)
            {
                LogAcknowledged(row.Name, actor);
                return row.ToView(await channels.ListAttemptsAsync(id, cancellationToken));
            }

            if (attempt == 3)
                return conflict;
        }
    }

    public async Task EvaluateAsync(CancellationToken cancellationToken = default)
    {
        List<AlertRuleRow> rules;
        Dictionary<Guid, AlertRow> open;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            rules = await db.AlertRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken);
            var resolved = AlertStatusNames.Of(AlertStatus.Resolved);
            var openRows = await db.Alerts.AsNoTracking().Where(a => a.RuleId != null && a.Status != resolved).ToListAsync(cancellationToken);

            // One open alert per rule; should two ever be open (two instances firing at once), the newest is the one followed.
            open = openRows.GroupBy(a => a.RuleId!.Value).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.StartedAt).First());
        }

        if (rules.Count == 0)
            return;
        IReadOnlyList<SloStatusView>? sloStatuses = null;
        if (rules.Any(r => r.SloId is not null))
            sloStatuses = await slos.EvaluateAllAsync(cancellationToken);

        foreach (var row in rules.OrderBy(r => r.CreatedAt))
        {
            try
            {
                await EvaluateRuleAsync(row, open.GetValueOrDefault(row.Id), sloStatuses ?? [], cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One rule that cannot be measured (a calibration read failing) must not silence the others.
                LogRuleFailed(exception, row.Name);
            }
        }
    }

    private async Task EvaluateRuleAsync(AlertRuleRow row, AlertRow? open, IReadOnlyList<SloStatusView> sloStatuses, CancellationToken cancellationToken)
    {
        var rule = row.ToDefinition();
        var slo = rule.Slo is { } sloId ? sloStatuses.FirstOrDefault(s => s.Id == sloId) : null;
        var measurements = await MeasureAsync(rule, slo, cancellationToken);
        var result = AlertConditionEvaluator.Evaluate(rule, measurements);
        var now = time.GetUtcNow();
        var decisions = AlertLifecycle.Decide(open?.ToState(), result.State, rule.Timing, now);

        // While it holds, the alert shows the latest value (written only when it changed).
        if (open is not null && result.Holds && (open.Summary != result.Summary || open.Value != result.Value || (result.Severity is { } raised && raised > (AlertSeverityNames.Parse(open.Severity) ?? AlertSeverity.Info))))
            open = await SaveAsync(open, a => a.Observe(result.Summary, result.Value, result.Severity), cancellationToken);

        foreach (var decision in decisions)
        {
            switch (decision)
            {
                case AlertLifecycleAction.Fire:
                    await FireAsync(row.Id, rule, slo, result, now, cancellationToken);
                    break;
                case AlertLifecycleAction.Escalate when open is not null:
                    open = await EscalateAsync(open, rule, now, cancellationToken);
                    break;
                case AlertLifecycleAction.Repeat when open is not null:
                    open = await RepeatAsync(open, rule, now, cancellationToken);
                    break;
                case AlertLifecycleAction.Resolve when open is not null:
                    await ResolveAsync(open, rule, result, now, cancellationToken);
                    break;
            }

            if (open is null && decision != AlertLifecycleAction.Fire)
                return;
        }
    }

    /// <summary>The measurements the rule's condition reads, and only those.</summary>
    private async Task<AlertMeasurements> MeasureAsync(AlertRuleDefinition rule, SloStatusView? slo, CancellationToken cancellationToken)
    {
        switch (rule.Condition)
        {
            case AlertCondition.SloBurn:
                return new AlertMeasurements(Slo: slo is null ? null : new SloBurnReading(
                    slo.Name, slo.Burning, slo.BurningReason, slo.BurnRates.Values.Where(v => v is not null).Max(), slo.Events));

            case AlertCondition.CalibrationDrift:
                var prompts = rule.Prompt is { } prompt ? [prompt] : (await registry.ListAsync(null, cancellationToken)).Select(p => p.Key).ToArray();
                var readings = new List<CalibrationReading>();
                foreach (var key in prompts)
                {
                    var calibrated = await calibration.GetAsync(key, rule.WindowSpan, cancellationToken);
                    if (calibrated.IsSuccess)
                        readings.AddRange(calibrated.Value.Evaluators.Select(e => new CalibrationReading(key, e.Evaluator, e.Status, e.Pairs, e.MeanDelta)));
                }

                return new AlertMeasurements(Calibration: readings);

            default:
                var filter = new MetricsFilter(PromptKey: rule.Prompt);
                var window = await metrics.QueryAsync(rule.WindowSpan, filter, cancellationToken);
                var needsBaseline = rule.Condition is AlertCondition.ErrorRateSpike or AlertCondition.LatencyVsBaseline
                    or AlertCondition.CostSpike or AlertCondition.CacheHitRateDrop;
                return new AlertMeasurements(window.Total, needsBaseline ? await BaselineAsync(rule, filter, cancellationToken) : null);
        }
    }

    /// <summary>
    /// The <see cref="AlertConditionEvaluator.BaselineSpan"/> before the rule's window: the store answers windows ending
    /// now, so the longer window is read and only its buckets that end before the rule's window are kept.
    /// </summary>
    private async Task<ExecutionStats> BaselineAsync(AlertRuleDefinition rule, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var wide = await metrics.QueryAsync(rule.WindowSpan + AlertConditionEvaluator.BaselineSpan, filter, cancellationToken);
        var windowStart = wide.To - rule.WindowSpan;
        var baseline = wide.Total.EmptyLike();
        foreach (var point in wide.Points.Where(p => p.Start + wide.Resolution <= windowStart))
            _ = baseline.Merge(point.Stats);
        return baseline;
    }

    private async Task FireAsync(Guid ruleId, AlertRuleDefinition rule, SloStatusView? slo, AlertConditionResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prompt = rule.Prompt ?? slo?.Prompt;
        var severity = result.Severity ?? rule.Severity;
        var threshold = rule.Condition == AlertCondition.SloBurn ? (double?)null : rule.Threshold;
        var alert = new AlertRow(Guid.CreateVersion7(now), ruleId, rule.Slo, rule.Name, prompt, severity, result.Summary, result.Value, threshold, now);
        if (rule.Notifies)
            alert.Notified(now);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Alerts.Add(alert);
            await db.SaveChangesAsync(cancellationToken);
        }

        LogFired(rule.Name, AlertSeverityNames.Of(severity), result.Summary);
        var taken = new List<string>();
        foreach (var action in rule.Actions)
        {
            switch (action)
            {
                case AlertAction.PauseCanary:
                    taken.Add(await PauseCanaryAsync(prompt, rule, result, cancellationToken));
                    break;
                case AlertAction.Rollback:
                    taken.Add(await RollBackAsync(prompt, rule, result, cancellationToken));
                    break;
            }
        }

        if (rule.Notifies)
            taken.Add("notify: " + await DeliverAsync(rule.Channels, Message("firing", alert, rule, taken), cancellationToken));

        // The audit is written once the actions ran, so it says what they did; the timeline shows it at the firing time.
        var actions = taken.Count == 0 ? string.Empty : "; " + string.Join("; ", taken);
        var recorded = await SaveAsync(alert.Id, a =>
        {
            foreach (var entry in taken)
                a.Took(entry);
        }, CancellationToken.None, audit: a => new AuditEvent(
            now, SystemActor, AuditActions.AlertFired, prompt, AlertTarget(a.Id), $"{rule.Name} fired ({AlertSeverityNames.Of(severity)}){actions}", result.Summary));
        if (recorded is null)
            LogRuleFailed(new InvalidOperationException($"Alert {alert.Id} could not be updated with its actions."), rule.Name);
    }

    private async Task<string> PauseCanaryAsync(string? prompt, AlertRuleDefinition rule, AlertConditionResult result, CancellationToken cancellationToken)
    {
        if (prompt is null)
            return "pause-canary: stood down: the rule watches every prompt, not one canary";
        var current = await canaries.GetCurrentAsync(prompt, cancellationToken);
        if (!current.IsSuccess)
            return "pause-canary: stood down: no canary is running";
        if (current.Value.Status != CanaryStatus.Running)
            return $"pause-canary: stood down: canary {current.Value.Key} is already {current.Value.Status.ToString().ToLowerInvariant()}";
        var paused = await canaries.PauseAsync(prompt, $"alert {rule.Name}: {result.Summary}", ActorOf(rule.Name), cancellationToken);
        return paused.IsSuccess
            ? $"pause-canary: performed, canary {paused.Value.Key} paused at {paused.Value.Percent} %"
            : $"pause-canary: stood down: {paused.Error!.Message}";
    }

    private async Task<string> RollBackAsync(string? prompt, AlertRuleDefinition rule, AlertConditionResult result, CancellationToken cancellationToken)
    {
        if (prompt is null)
            return "rollback: stood down: the rule watches every prompt, not one label";
        var rolledBack = await labelRollback.RollBackAsync(prompt, rule.Label, ActorOf(rule.Name), $"alert {rule.Name}: {result.Summary}", cancellationToken);
        if (!rolledBack.IsSuccess)
            return $"rollback: stood down: {rolledBack.Error!.Message}";
        var (outcome, from, to, _, moveError) = rolledBack.Value;
        if (outcome.Performed)
            return $"rollback: performed, {rule.Label} v{from} → v{to}";
        return moveError is not null
            ? $"rollback: failed, the label could not be moved: {moveError.Message}"
            : $"rollback: stood down: {outcome.StoodDownReason}";
    }

    private async Task<AlertRow?> RepeatAsync(AlertRow alert, AlertRuleDefinition rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Claimed first: if an acknowledgement got in meanwhile, the save fails and nothing is sent.
        var claimed = await SaveAsync(alert, a => a.Notified(now), cancellationToken);
        if (claimed is null)
            return null;
        if (rule.Notifies)
            await DeliverAsync(rule.Channels, Message("repeat", claimed, rule, []), cancellationToken);
        return claimed;
    }

    private async Task<AlertRow?> EscalateAsync(AlertRow alert, AlertRuleDefinition rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var channel = rule.EscalationChannel!.Value;
        var after = rule.EscalateAfter ?? "?";
        var claimed = await SaveAsync(alert, a =>
        {
            a.Escalated(now);
            a.Took($"escalation: not acknowledged within {after}");
        }, cancellationToken, audit: a => new AuditEvent(
            now, SystemActor, AuditActions.AlertEscalated, a.PromptKey, AlertTarget(a.Id), $"{a.Name}: escalated, not acknowledged within {after}", a.Summary));
        if (claimed is null)
            return null;
        var delivered = await DeliverAsync([channel], Message("escalation", claimed, rule, []), cancellationToken);
        LogEscalated(rule.Name, delivered);
        return claimed;
    }

    private async Task ResolveAsync(AlertRow alert, AlertRuleDefinition rule, AlertConditionResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var resolved = await SaveAsync(alert, a => a.Resolve(result.Summary, result.Value, now), cancellationToken, audit: a => new AuditEvent(
            now, SystemActor, AuditActions.AlertResolved, a.PromptKey, AlertTarget(a.Id), $"{a.Name}: resolved", result.Summary));
        if (resolved is null)
            return;
        LogResolved(rule.Name, result.Summary);
        if (rule.Notifies)
            await DeliverAsync(rule.Channels, Message("resolved", resolved, rule, []), cancellationToken);
    }

    /// <summary>
    /// Applies a change to the alert as the evaluation last saw it (with its audit) and saves it; null when someone else
    /// (an acknowledgement) changed it first: the next pass decides again on the fresh state.
    /// </summary>
    private async Task<AlertRow?> SaveAsync(AlertRow alert, Action<AlertRow> change, CancellationToken cancellationToken, Func<AlertRow, AuditEvent>? audit = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tracked = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alert.Id, cancellationToken);
        if (tracked is null || tracked.Revision != alert.Revision)
            return null;
        change(tracked);
        if (audit is not null)
            db.AuditEvents.Add(audit(tracked));
        var conflict = await db.SaveOrConflictAsync(() => Error.Conflict("alert-changed", "changed meanwhile"), cancellationToken);
        return conflict is null ? tracked : null;
    }

    /// <summary>Applies a change to the alert as it is now, retrying when another writer got in between.</summary>
    private async Task<AlertRow?> SaveAsync(Guid alertId, Action<AlertRow> change, CancellationToken cancellationToken, Func<AlertRow, AuditEvent>? audit = null)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var tracked = await db.Alerts.FirstOrDefaultAsync(a => a.Id == alertId, cancellationToken);
            if (tracked is null)
                return null;
            change(tracked);
            if (audit is not null)
                db.AuditEvents.Add(audit(tracked));
            if (await db.SaveOrConflictAsync(() => Error.Conflict("alert-changed", "changed meanwhile"), cancellationToken) is null)
                return tracked;
        }

        return null;
    }

    /// <summary>Sends to each channel (each delivery retries and records its attempts); a sentence of how it went.</summary>
    private async Task<string> DeliverAsync(IReadOnlyList<Guid> to, NotificationMessage message, CancellationToken cancellationToken)
    {
        var delivered = 0;
        var problems = new List<string>();
        foreach (var channel in to)
        {
            var outcome = await channels.DeliverAsync(channel, message, cancellationToken);
            if (outcome.IsSuccess && outcome.Value.Delivered)
                delivered++;
            else
                problems.Add(outcome.IsSuccess ? $"{channel} not delivered" : $"{channel}: {outcome.Error!.Message}");
        }

        var sentence = Invariant($"{message.Kind} delivered to {delivered} of {to.Count} channel{(to.Count == 1 ? string.Empty : "s")}");
        return problems.Count == 0 ? sentence : $"{sentence} ({string.Join("; ", problems)})";
    }

    private static NotificationMessage Message(string kind, AlertRow alert, AlertRuleDefinition rule, IReadOnlyList<string> actionsTaken)
    {
        var severity = alert.Severity.ToUpperInvariant();
        var title = kind switch
        {
            "resolved" => $"[RESOLVED] {alert.Name}",
            "escalation" => $"[ESCALATED {severity}] {alert.Name}",
            "repeat" => $"[{severity}, still firing] {alert.Name}",
            _ => $"[{severity}] {alert.Name}",
        };
        var where = alert.PromptKey is null ? "all prompts" : alert.PromptKey;
        var text = $"{title} ({where}): {alert.Summary}";
        if (actionsTaken.Count > 0)
            text += " Actions: " + string.Join("; ", actionsTaken) + ".";
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["alertId"] = alert.Id.ToString("D", CultureInfo.InvariantCulture),
            ["ruleId"] = alert.RuleId?.ToString("D", CultureInfo.InvariantCulture),
            ["sloId"] = alert.SloId?.ToString("D", CultureInfo.InvariantCulture),
            ["rule"] = alert.Name,
            ["condition"] = AlertConditionNames.Of(rule.Condition),
            ["prompt"] = alert.PromptKey,
            ["severity"] = alert.Severity,
            ["status"] = kind == "resolved" ? AlertStatusNames.Of(AlertStatus.Resolved) : alert.Status,
            ["summary"] = alert.Summary,
            ["value"] = alert.Value?.ToString("R", CultureInfo.InvariantCulture),
            ["threshold"] = alert.Threshold?.ToString("R", CultureInfo.InvariantCulture),
            ["window"] = rule.Window,
            ["startedAt"] = alert.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["resolvedAt"] = alert.ResolvedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["actionsTaken"] = actionsTaken.Count == 0 ? null : string.Join("; ", actionsTaken),
        };
        return new NotificationMessage(kind, title, text, alert.Id, fields);
    }

    /// <summary>The draft checked on its own, then against what it names: the prompt (404), the channels and the SLO.</summary>
    private async Task<Result<AlertRuleDefinition>> CheckAsync(AlertRuleCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var validated = AlertRuleValidator.Validate(new AlertRuleDraft(
            command.Name, command.Prompt, command.Condition, command.Threshold, command.Window, command.Severity, command.Actions,
            command.Channels, command.EscalationChannel, command.EscalateAfter, command.RepeatEvery, command.Label, command.Evaluator,
            command.Enabled, command.Slo));
        if (!validated.IsSuccess)
            return validated;
        var rule = validated.Value;

        if (rule.Prompt is { } prompt && !(await registry.GetAsync(prompt, cancellationToken)).IsSuccess)
            return new Error(ErrorKind.NotFound, "prompt-not-found", $"There is no prompt '{prompt}'.", [new FieldError("prompt", $"There is no prompt '{prompt}'.")]);

        var errors = new List<FieldError>();
        for (var i = 0; i < rule.Channels.Count; i++)
        {
            if (!(await channels.GetAsync(rule.Channels[i], cancellationToken)).IsSuccess)
                errors.Add(new FieldError(Invariant($"channels[{i}]"), $"There is no channel {rule.Channels[i]}."));
        }

        if (rule.EscalationChannel is { } escalation && !(await channels.GetAsync(escalation, cancellationToken)).IsSuccess)
            errors.Add(new FieldError("escalationChannel", $"There is no channel {escalation}."));

        if (rule.Slo is { } sloId)
        {
            var slo = (await slos.EvaluateAllAsync(cancellationToken)).FirstOrDefault(s => s.Id == sloId);
            if (slo is null)
                errors.Add(new FieldError("slo", $"There is no SLO {sloId}."));
            else if (rule.Prompt is null && slo.Prompt is null)
            {
                for (var i = 0; i < (command.Actions?.Count ?? 0); i++)
                {
                    if (AlertActionNames.Parse(command.Actions![i]) is AlertAction.PauseCanary or AlertAction.Rollback)
                        errors.Add(new FieldError(Invariant($"actions[{i}]"), $"'{command.Actions[i]}' acts on one prompt, and the SLO covers every prompt: name the rule's prompt."));
                }
            }
        }

        return errors.Count > 0 ? Error.Validation("invalid-alert-rule", "The alert rule is not valid.", errors) : rule;
    }

    private static string Describe(AlertRuleDefinition rule)
    {
        var what = rule.Condition == AlertCondition.SloBurn
            ? $"slo-burn of SLO {rule.Slo}"
            : Invariant($"{AlertConditionNames.Of(rule.Condition)} {rule.Threshold} over {rule.Window}");
        var scope = rule.Prompt ?? "all prompts";
        var actions = rule.Actions.Count == 0 ? "record only" : string.Join(", ", rule.Actions.Select(AlertActionNames.Of));
        return $"{what} on {scope}, {AlertSeverityNames.Of(rule.Severity)}, {actions}{(rule.Enabled ? string.Empty : ", disabled")}";
    }

    private static Error RuleNotFound(Guid id) => Error.NotFound("alert-rule-not-found", $"There is no alert rule {id}.");

    private static Error AlertNotFound(Guid id) => Error.NotFound("alert-not-found", $"There is no alert {id}.");

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Alert {Rule} fired ({Severity}): {Summary}")]
    private partial void LogFired(string rule, string severity, string summary);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Alert {Rule} escalated: {Delivery}")]
    private partial void LogEscalated(string rule, string delivery);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Alert {Rule} resolved: {Summary}")]
    private partial void LogResolved(string rule, string summary);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Alert {Rule} acknowledged by {Actor}")]
    private partial void LogAcknowledged(string rule, string actor);

    [LoggerMessage(EventId = 704, Level = LogLevel.Error, Message = "Alert rule {Rule} could not be evaluated; it is tried again at the next pass")]
    private partial void LogRuleFailed(Exception exception, string rule);
}
