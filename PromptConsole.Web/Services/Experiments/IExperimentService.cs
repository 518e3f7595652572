using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Web.Services.Experiments;

/// <summary>
/// An experiment as stored: the domain state plus what the store adds around it. <paramref name="Revision"/>
/// grows with every change; <paramref name="DecisionReason"/> is the stop reason, once stopped.
/// </summary>
public sealed record ExperimentDetails(
    Experiment Experiment,
    string? DecisionReason,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Revision)
{
    public string Key => Experiment.Key;

    public ExperimentDefinition Definition => Experiment.Definition;

    public ExperimentStatus Status => Experiment.Status;
}

/// <summary>How to stop: <paramref name="Decision"/> is <c>ship</c> (name the <paramref name="Arm"/>) or <c>noWinner</c>.</summary>
public sealed record StopExperimentCommand(string? Decision, string? Arm, string? Reason);

/// <summary>One arm's new weight, by arm name.</summary>
public sealed record ArmWeight(string? Name, double? Weight);

/// <summary>
/// New weights (every arm, by name) and coverage of an experiment. On a running or paused experiment a
/// change that moves enrolled subjects needs <paramref name="Confirm"/>; without it the answer is a Conflict
/// saying what share of subjects would switch arm or leave.
/// </summary>
public sealed record ReallocateExperimentCommand(IReadOnlyList<ArmWeight>? Arms, double? Coverage, bool Confirm);

/// <summary>What the sample-size endpoint is asked: the primary metric's baseline and the relative effect to detect.</summary>
/// <param name="BaselineRate">For rate metrics: the control's rate, in (0, 1).</param>
/// <param name="BaselineMean">For mean metrics: the control's mean.</param>
/// <param name="Variance">For mean metrics: the per-execution variance.</param>
/// <param name="Mde">The minimum detectable effect, relative (0.05 = 5 %).</param>
public sealed record SampleSizeQuery(double? BaselineRate, double? BaselineMean, double? Variance, double? Mde, double? Alpha, double? Power);

/// <summary>The sample each arm needs and, from the prompt's traffic over the last 7 days, how long that takes.</summary>
/// <param name="ExecutionsPerDay">The prompt's executions a day over the last 7 days (all routes).</param>
/// <param name="Duration">Null when the prompt had no traffic to extrapolate from.</param>
public sealed record SampleSizeEstimate(
    string Metric,
    long SampleSizePerArm,
    double Alpha,
    double Power,
    double Mde,
    double ExecutionsPerDay,
    ExperimentDurationEstimate? Duration);

/// <summary>Everything a downloadable report holds: the experiment, its results and its audit trail.</summary>
public sealed record ExperimentReport(ExperimentDetails Details, ExperimentResults Results, IReadOnlyList<AuditEvent> Audit);

/// <summary>
/// Server-side A/B/n experiments of prompt versions: the one entry point for the management API and the
/// console. Every change is checked by the domain (<see cref="ExperimentValidator"/>,
/// <see cref="ExperimentLifecycle"/>), saved with an audit event (actions <c>experiment.*</c>, target
/// <c>experiment:&lt;key&gt;</c>) and invalidates the prompt's snapshot, so routing sees it at once.
/// Errors are values: Validation naming the body field (camelCase), NotFound, Conflict.
/// </summary>
public interface IExperimentService
{
    /// <summary>Newest first; only the given prompt's experiments when <paramref name="promptKey"/> is set.</summary>
    Task<IReadOnlyList<ExperimentDetails>> ListAsync(string? promptKey = null, CancellationToken cancellationToken = default);

    Task<Result<ExperimentDetails>> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a draft, validated against the prompt's versions. A prompt that does not exist is a Validation
    /// error on <c>prompt</c>; a key already used is a Conflict.
    /// </summary>
    Task<Result<ExperimentDetails>> CreateAsync(ExperimentDraft draft, string actor, CancellationToken cancellationToken = default);

    /// <summary>Replaces a draft's definition (only a draft; the key stays).</summary>
    Task<Result<ExperimentDetails>> UpdateDraftAsync(string key, ExperimentDraft draft, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Draft → running. Refused (Validation on <c>targeting</c>) when another live experiment has the same
    /// prompt and audience, and (Validation on <c>arms[i].version</c>) when the prompt lacks an arm's version.
    /// </summary>
    Task<Result<ExperimentDetails>> StartAsync(string key, string actor, CancellationToken cancellationToken = default);

    Task<Result<ExperimentDetails>> PauseAsync(string key, string actor, CancellationToken cancellationToken = default);

    Task<Result<ExperimentDetails>> ResumeAsync(string key, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Running or paused → stopped. Shipping an arm deploys its version to the <c>production</c> label through
    /// <see cref="IPromptRegistry.DeployAsync"/> (so the label's history and rollback work as for any deploy)
    /// before the experiment is saved as stopped.
    /// </summary>
    Task<Result<ExperimentDetails>> StopAsync(string key, StopExperimentCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<ExperimentDetails>> ReallocateAsync(string key, ReallocateExperimentCommand command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Stops every live experiment past its end date with no winner, as actor <c>system</c>; returns the keys stopped.</summary>
    Task<IReadOnlyList<string>> StopExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>Results from the experiment's execution records in the database (so every instance's traffic counts).</summary>
    Task<Result<ExperimentResults>> GetResultsAsync(string key, CancellationToken cancellationToken = default);

    Task<Result<SampleSizeEstimate>> EstimateSampleSizeAsync(string key, SampleSizeQuery query, CancellationToken cancellationToken = default);

    /// <summary>The experiment's audit events, oldest first.</summary>
    Task<Result<IReadOnlyList<AuditEvent>>> GetAuditAsync(string key, CancellationToken cancellationToken = default);

    Task<Result<ExperimentReport>> GetReportAsync(string key, CancellationToken cancellationToken = default);
}
