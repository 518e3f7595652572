using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// A request to take traffic off a version without a human: a failed canary (trigger <c>canary:&lt;key&gt;</c>)
/// or, later, an alert (<c>alert:&lt;name&gt;</c>). <paramref name="FromVersion"/> is the version losing the traffic,
/// <paramref name="ToVersion"/> the one getting it back.
/// </summary>
public sealed record AutomaticRollbackRequest(string PromptKey, string Label, int FromVersion, int ToVersion, string Trigger, string Reason);

/// <summary>
/// What became of the request. <paramref name="Performed"/> false means the safeguards stood the automation
/// down: <paramref name="StoodDownReason"/> says why (e.g. the 4th in 24 hours) and the caller leaves the
/// traffic to a human.
/// </summary>
public sealed record AutomaticRollbackOutcome(bool Performed, string? StoodDownReason, Guid? RollbackId);

/// <summary>Whether automation may roll this prompt back now, and if not, why and from when it may again (null: manual only until a human acts).</summary>
public sealed record AutomationStatus(bool Available, string? Reason, DateTimeOffset? AvailableAgainAt, int RollbacksInLast24Hours);

/// <summary>
/// A metrics snapshot taken at rollback time: the version losing the traffic over the last minutes, and
/// (once watched) the same figures after the rollback.
/// </summary>
public sealed record RollbackMetricsSnapshot(
    long Executions,
    double ErrorRate,
    double? P95LatencyMs,
    double? CostPerExecutionUsd,
    double? MeanFeedback,
    double? MeanAutomatedScore);

/// <summary>
/// One automatic rollback. <paramref name="Recovery"/>: <c>watching</c> for 15 minutes, then <c>recovered</c>
/// (the error rate came back down) or <c>not-recovered</c>.
/// </summary>
public sealed record AutomaticRollbackView(
    Guid Id,
    string PromptKey,
    string Label,
    int FromVersion,
    int ToVersion,
    string Trigger,
    string Reason,
    DateTimeOffset At,
    RollbackMetricsSnapshot AtRollback,
    string Recovery,
    RollbackMetricsSnapshot? AfterRollback,
    DateTimeOffset? RecoveryCheckedAt);

/// <summary>
/// Automatic rollbacks with the safeguards: at least 15 minutes between two of a prompt, at most 3 in 24 hours,
/// after that manual only (manual rollbacks are never limited). Each performed one snapshots the metrics,
/// runs the caller's move of traffic, is stored and audited (<c>rollback.automatic</c>), and is watched
/// for recovery; each refused one is audited (<c>rollback.stood-down</c>) with the reason.
/// </summary>
public interface IAutomaticRollbacks
{
    /// <summary>
    /// Checks the safeguards; when they allow, snapshots, calls <paramref name="moveTraffic"/> (null on success, or
    /// the error that stopped it, which is returned as not performed) and records the rollback.
    /// </summary>
    Task<AutomaticRollbackOutcome> TryRollBackAsync(
        AutomaticRollbackRequest request,
        Func<CancellationToken, Task<Error?>> moveTraffic,
        CancellationToken cancellationToken = default);

    Task<AutomationStatus> GetStatusAsync(string promptKey, CancellationToken cancellationToken = default);

    /// <summary>The prompt's automatic rollbacks, newest first.</summary>
    Task<IReadOnlyList<AutomaticRollbackView>> ListAsync(string promptKey, CancellationToken cancellationToken = default);

    /// <summary>Closes the recovery watch of rollbacks older than 15 minutes (the watcher calls this on its schedule).</summary>
    Task<int> CheckRecoveriesAsync(CancellationToken cancellationToken = default);
}
