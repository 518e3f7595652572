using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// A prompt's incident timeline read from its audit events (the one record of who did what), with the automatic
/// rollbacks' snapshots and recovery joined in from <c>AutomaticRollbacks</c>. The label move an automatic rollback
/// makes through the registry (a <c>label.rolled-back</c> by <c>system</c> at the same moment) is folded into the
/// automatic rollback's entry rather than shown twice.
/// </summary>
public sealed partial class IncidentTimeline(IDbContextFactory<PromptConsoleDbContext> dbFactory) : IIncidentTimeline
{
    public const int MaxTake = 1000;

    /// <summary>A system label move this close to an automatic rollback of the same label is that rollback's move.</summary>
    private static readonly TimeSpan FoldWindow = TimeSpan.FromSeconds(5);

    public async Task<Result<IReadOnlyList<IncidentEntry>>> GetAsync(string promptKey, DateTimeOffset? since = null, int take = 200, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, MaxTake);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Prompts.AnyAsync(p => p.Key == promptKey, cancellationToken))
            return Error.NotFound("prompt-not-found", $"There is no prompt '{promptKey}'.");

        var actions = IncidentKinds.Actions.ToArray();
        var query = db.AuditEvents.AsNoTracking().Where(a => a.PromptKey == promptKey && actions.Contains(a.Action));
        if (since is { } from)
            query = query.Where(a => a.At >= from);

        // Folded moves are dropped after reading, so read a little more than asked.
        var events = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take * 2).ToListAsync(cancellationToken);

        var oldest = events.Count > 0 ? events[^1].At : DateTimeOffset.MaxValue;
        var rollbacks = await db.AutomaticRollbacks.AsNoTracking()
            .Where(r => r.PromptKey == promptKey && (r.At >= oldest || r.RecoveryCheckedAt >= oldest))
            .ToListAsync(cancellationToken);
        var byId = rollbacks.ToDictionary(r => r.Id);

        var automatic = events.Where(e => e.Action == AuditActions.RollbackAutomatic).ToArray();
        return events
            .Where(e => !IsMoveOfAutomaticRollback(e, automatic))
            .Take(take)
            .Select(e => Entry(e, byId, rollbacks))
            .ToArray();
    }

    private static bool IsMoveOfAutomaticRollback(AuditEvent e, IReadOnlyList<AuditEvent> automatic) =>
        e.Action == AuditActions.LabelRolledBack
        && e.Actor == AutomaticRollbackService.SystemActor
        && automatic.Any(a => a.Target == e.Target && (a.At - e.At).Duration() <= FoldWindow);

    private static IncidentEntry Entry(AuditEvent e, Dictionary<Guid, AutomaticRollbackRow> byId, IReadOnlyList<AutomaticRollbackRow> rollbacks)
    {
        var kind = IncidentKinds.Of(e.Action)!;
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        AddTarget(details, e.Target);
        AddVersions(details, e.Summary);

        var rollback = kind switch
        {
            IncidentKinds.AutomaticRollback => byId.GetValueOrDefault(e.Id),
            IncidentKinds.Recovery => rollbacks.FirstOrDefault(r => r.RecoveryCheckedAt == e.At && "label:" + r.Label == e.Target),
            _ => null,
        };
        if (rollback is not null)
            AddRollback(details, rollback);

        return new IncidentEntry(e.At, kind, e.Action, e.Actor, e.Summary, e.Reason, e.Target, details.Count > 0 ? details : null);
    }

    /// <summary>Targets read <c>label:production</c>, <c>canary:canary-…</c>, <c>flag:…</c>: the kind of thing and its name.</summary>
    private static void AddTarget(Dictionary<string, string> details, string target)
    {
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < target.Length - 1)
            details[target[..colon]] = target[(colon + 1)..];
    }

    /// <summary>Label moves say "production: v2 → v3" (or "(none) → v1"); the versions are details of their own.</summary>
    private static void AddVersions(Dictionary<string, string> details, string summary)
    {
        var move = VersionMove().Match(summary);
        if (!move.Success)
            return;
        if (move.Groups["from"].Success)
            details["fromVersion"] = move.Groups["from"].Value;
        details["toVersion"] = move.Groups["to"].Value;
    }

    private static void AddRollback(Dictionary<string, string> details, AutomaticRollbackRow row)
    {
        details["rollbackId"] = row.Id.ToString();
        details["label"] = row.Label;
        details["fromVersion"] = Number(row.FromVersion);
        details["toVersion"] = Number(row.ToVersion);
        details["trigger"] = row.Trigger;
        AddSnapshot(details, "atRollback", row.AtRollback);
        details["recovery"] = row.Recovery;
        if (row.RecoveryReason is { } reason)
            details["recoveryReason"] = reason;
        if (row.AfterRollback is { } after)
            AddSnapshot(details, "afterRollback", after);
        if (row.RecoveryCheckedAt is { } checkedAt)
            details["recoveryCheckedAt"] = checkedAt.ToString("O", CultureInfo.InvariantCulture);
    }

    private static void AddSnapshot(Dictionary<string, string> details, string prefix, RollbackMetricsSnapshot snapshot)
    {
        details[prefix + ".executions"] = snapshot.Executions.ToString(CultureInfo.InvariantCulture);
        details[prefix + ".errorRate"] = Number(snapshot.ErrorRate);
        Optional(prefix + ".p95LatencyMs", snapshot.P95LatencyMs);
        Optional(prefix + ".costPerExecutionUsd", snapshot.CostPerExecutionUsd);
        Optional(prefix + ".meanFeedback", snapshot.MeanFeedback);
        Optional(prefix + ".meanAutomatedScore", snapshot.MeanAutomatedScore);

        void Optional(string key, double? value)
        {
            if (value is { } v)
                details[key] = Number(v);
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?:v(?<from>\d+)|\(none\)) → v(?<to>\d+)")]
    private static partial Regex VersionMove();
}
