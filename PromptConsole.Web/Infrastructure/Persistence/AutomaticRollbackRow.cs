using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One automatic rollback as stored: what moved and why, the metrics snapshot at rollback time, and the recovery
/// watch (<c>watching</c> until it is closed with the figures after). The safeguards count these rows.
/// </summary>
public sealed class AutomaticRollbackRow
{
    private AutomaticRollbackRow()
    {
        PromptKey = Label = Trigger = Reason = Recovery = string.Empty;
        AtRollback = new RollbackMetricsSnapshot(0, 0, null, null, null, null);
    }

    public AutomaticRollbackRow(Guid id, AutomaticRollbackRequest request, DateTimeOffset at, RollbackMetricsSnapshot atRollback)
        : this()
    {
        ArgumentNullException.ThrowIfNull(request);
        Id = id;
        PromptKey = request.PromptKey;
        Label = request.Label;
        FromVersion = request.FromVersion;
        ToVersion = request.ToVersion;
        Trigger = request.Trigger;
        Reason = request.Reason;
        At = at;
        AtRollback = atRollback;
        Recovery = RecoveryAssessment.Watching;
    }

    /// <summary>The id of the <c>rollback.automatic</c> audit event written with it, so the timeline joins them exactly.</summary>
    public Guid Id { get; private set; }

    public string PromptKey { get; private set; }

    public string Label { get; private set; }

    public int FromVersion { get; private set; }

    public int ToVersion { get; private set; }

    /// <summary><c>canary:&lt;key&gt;</c>, <c>alert:&lt;name&gt;</c>, …</summary>
    public string Trigger { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset At { get; private set; }

    public RollbackMetricsSnapshot AtRollback { get; private set; }

    /// <summary><c>watching</c>, <c>recovered</c>, <c>not-recovered</c> or <c>no-traffic</c>. A concurrency token: two watchers cannot both close one watch.</summary>
    public string Recovery { get; private set; }

    public string? RecoveryReason { get; private set; }

    public RollbackMetricsSnapshot? AfterRollback { get; private set; }

    public DateTimeOffset? RecoveryCheckedAt { get; private set; }

    public void CloseWatch(RecoveryVerdict verdict, RollbackMetricsSnapshot after, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (Recovery != RecoveryAssessment.Watching)
            throw new InvalidOperationException($"The recovery watch of rollback {Id} is already closed ({Recovery}).");
        Recovery = verdict.State;
        RecoveryReason = verdict.Reason;
        AfterRollback = after;
        RecoveryCheckedAt = checkedAt;
    }

    public AutomaticRollbackView ToView() =>
        new(Id, PromptKey, Label, FromVersion, ToVersion, Trigger, Reason, At, AtRollback, Recovery, AfterRollback, RecoveryCheckedAt);
}
