using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// What an operator sends to start a canary; nulls take the defaults (steps 5 → 25 → 50 → 100 %, 10 minutes
/// and 50 candidate executions per step, the default gate of every metric). <paramref name="OverrideReason"/>
/// lets a candidate whose golden run failed (or that has none when one is required) start anyway; audited.
/// </summary>
public sealed record StartCanaryCommand(
    int? CandidateVersion,
    string? Label,
    IReadOnlyList<int>? Steps,
    double? StepMinutes,
    int? MinExecutionsPerStep,
    IReadOnlyList<CanaryGate>? Gates,
    string? Reason,
    string? OverrideReason = null);

/// <summary>One gate's measurement at one analysis: the values of both arms, the compared value, and its phase.</summary>
/// <param name="Phase"><c>successful</c>, <c>failed</c>, <c>inconclusive</c> or <c>error</c> (no data).</param>
public sealed record GateMeasurementView(
    GateMetric Metric,
    string Phase,
    double? Candidate,
    double? Baseline,
    double? Value,
    double? PValue,
    string Reason);

/// <summary>
/// One analysis of a step and what the controller (or an operator) did with it.
/// <paramref name="Action"/>: <c>wait</c>, <c>advance</c>, <c>promote</c>, <c>pause</c>, <c>abort</c>, <c>resume</c>.
/// Waits whose measurements did not change may be folded; every other action is kept.
/// </summary>
public sealed record CanaryDecisionView(
    DateTimeOffset At,
    int StepIndex,
    int Percent,
    string Action,
    string Reason,
    string Actor,
    long CandidateExecutions,
    long BaselineExecutions,
    IReadOnlyList<GateMeasurementView> Measurements);

/// <summary>A canary as stored, with its decisions oldest first.</summary>
/// <param name="Key">Stable id (<c>canary-…</c>): route id of its executions and hash seed.</param>
/// <param name="StatusReason">Why it paused or aborted, or why automation stood down; null while it runs normally.</param>
public sealed record CanaryDetails(
    string Key,
    string PromptKey,
    string Label,
    int BaselineVersion,
    int CandidateVersion,
    CanaryStatus Status,
    IReadOnlyList<int> Steps,
    int StepIndex,
    int Percent,
    TimeSpan StepDuration,
    int MinExecutionsPerStep,
    IReadOnlyList<CanaryGate> Gates,
    DateTimeOffset StartedAt,
    string StartedBy,
    DateTimeOffset StepStartedAt,
    DateTimeOffset? EndedAt,
    string? StatusReason,
    IReadOnlyList<CanaryDecisionView> Decisions);

/// <summary>One minute of one arm, for the canary page's baseline-vs-candidate charts.</summary>
public sealed record CanaryArmPoint(
    DateTimeOffset Minute,
    string Arm,
    long Executions,
    double ErrorRate,
    double? P95LatencyMs,
    double? CostPerExecutionUsd);

/// <summary>
/// Canary releases of prompt versions: the one entry point for the management API, the console and the
/// analysis controller. Changes are audited (actions <c>canary.*</c>, target <c>canary:&lt;key&gt;</c>, with the
/// decision's reason) and invalidate the prompt's snapshot so routing sees them at once. Errors are values:
/// Validation naming the body field (camelCase), NotFound, Conflict.
/// </summary>
public interface ICanaryService
{
    /// <summary>
    /// Starts a canary of the candidate on the label (baseline: the version the label points at now). Refused when
    /// another canary is live on the label, when the versions are unknown or equal, when steps are not increasing
    /// or above 100, when a gate names an unknown metric, and (Conflict <c>golden-gate</c>) when the golden gate
    /// refuses the candidate and no override reason is given.
    /// </summary>
    Task<Result<CanaryDetails>> StartAsync(string promptKey, StartCanaryCommand command, string actor, CancellationToken cancellationToken = default);

    /// <summary>The prompt's canaries, newest first.</summary>
    Task<Result<IReadOnlyList<CanaryDetails>>> ListAsync(string promptKey, CancellationToken cancellationToken = default);

    /// <summary>Every live (running or paused) canary and those that ended since <paramref name="endedSince"/>, newest first.</summary>
    Task<IReadOnlyList<CanaryDetails>> ListAllAsync(DateTimeOffset? endedSince = null, CancellationToken cancellationToken = default);

    /// <summary>The prompt's live canary; NotFound when none runs.</summary>
    Task<Result<CanaryDetails>> GetCurrentAsync(string promptKey, CancellationToken cancellationToken = default);

    Task<Result<CanaryDetails>> GetAsync(string canaryKey, CancellationToken cancellationToken = default);

    /// <summary>Skips the remaining steps: the label moves to the candidate (through the registry's deploy, audited).</summary>
    Task<Result<CanaryDetails>> PromoteAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default);

    Task<Result<CanaryDetails>> PauseAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default);

    Task<Result<CanaryDetails>> ResumeAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default);

    /// <summary>All traffic back to the baseline at once (a manual abort is not an automatic rollback: no safeguard applies).</summary>
    Task<Result<CanaryDetails>> AbortAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default);

    /// <summary>Per-minute figures of both arms since the canary started, for charts.</summary>
    Task<Result<IReadOnlyList<CanaryArmPoint>>> GetSeriesAsync(string canaryKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// One analysis of every running canary (the controller calls this on its schedule): measures the current
    /// step, decides with the domain's step decision, and acts. Returns the decisions taken.
    /// </summary>
    Task<IReadOnlyList<CanaryDecisionView>> AnalyseAsync(CancellationToken cancellationToken = default);
}
