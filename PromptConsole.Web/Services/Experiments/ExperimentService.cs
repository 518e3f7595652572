using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Statistics;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Experiments;

/// <summary>
/// The experiment service over EF Core. Every change follows one path: load the row, let the domain
/// decide, save the new state and its audit event in one SaveChanges (the row's revision is the
/// concurrency token), then drop the prompt's cached snapshot so routing sees the change at once.
/// </summary>
public sealed class ExperimentService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    IPromptSnapshotStore snapshots,
    IPromptRegistry registry,
    ExperimentRecordsReader records,
    TimeProvider time) : IExperimentService
{
    /// <summary>The actor of changes nobody asked for (the end-date sweep).</summary>
    public const string SystemActor = "system";

    public const string EndDateReachedReason = "end date reached";

    /// <summary>
    /// Shipping moves this label: it is what callers that name no label get, so it is where a winning
    /// version has to go for everyone to see it; a rollback of the label undoes it as for any deploy.
    /// </summary>
    public const string ShipLabel = LabelName.Production;

    /// <summary>Traffic is averaged over this many days for the duration estimate: a week evens out weekdays.</summary>
    public const int TrafficDays = 7;

    public static string AuditTarget(string key) => "experiment:" + key;

    public async Task<IReadOnlyList<ExperimentDetails>> ListAsync(string? promptKey = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Experiments.AsNoTracking();
        if (!string.IsNullOrEmpty(promptKey))
            query = query.Where(e => e.PromptKey == promptKey);
        var rows = await query.ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Key, StringComparer.Ordinal).Select(Details).ToArray();
    }

    public async Task<Result<ExperimentDetails>> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Experiments.AsNoTracking().FirstOrDefaultAsync(e => e.Key == key, cancellationToken);
        return row is null ? NotFound(key) : Details(row);
    }

    public async Task<Result<ExperimentDetails>> CreateAsync(ExperimentDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await VersionsOfAsync(db, draft.Prompt, cancellationToken);
        if (versions is null)
            return PromptMissing(draft.Prompt);

        var now = time.GetUtcNow();
        var definition = ExperimentValidator.Validate(draft, versions, now);
        if (!definition.IsSuccess)
            return definition.Error!;
        if (await db.Experiments.AnyAsync(e => e.Key == definition.Value.Key, cancellationToken))
            return Exists(definition.Value.Key);

        var experiment = Experiment.NewDraft(definition.Value);
        var row = StoredExperiment.New(experiment, actor, now);
        db.Experiments.Add(row);
        db.AuditEvents.Add(Audit(now, actor, AuditActions.ExperimentCreated, experiment, Describe(definition.Value), null));
        if (await SaveAsync(db, experiment.Key, cancellationToken) is { } error)
            return error.Code == ConcurrentEditCode ? Exists(experiment.Key) : error;
        return Details(row);
    }

    public async Task<Result<ExperimentDetails>> UpdateDraftAsync(string key, ExperimentDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Experiments.FirstOrDefaultAsync(e => e.Key == key, cancellationToken);
        if (row is null)
            return NotFound(key);

        // The key is the path's; a body that names another one is refused by Revise.
        draft = draft with { Key = draft.Key ?? key };
        var versions = await VersionsOfAsync(db, draft.Prompt, cancellationToken);
        if (versions is null)
            return PromptMissing(draft.Prompt);

        var now = time.GetUtcNow();
        var definition = ExperimentValidator.Validate(draft, versions, now);
        if (!definition.IsSuccess)
            return definition.Error!;
        var revised = ExperimentLifecycle.Revise(row.ToExperiment(), definition.Value);
        if (!revised.IsSuccess)
            return revised.Error!;

        return await SaveChangeAsync(db, row, revised.Value, AuditActions.ExperimentUpdated, Describe(definition.Value), null, null, actor, now, cancellationToken);
    }

    public Task<Result<ExperimentDetails>> StartAsync(string key, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, actor, async (db, experiment, now) =>
        {
            var versions = await VersionsOfAsync(db, experiment.PromptKey, cancellationToken) ?? new HashSet<int>();
            var missing = experiment.Definition.Arms
                .Select((arm, i) => (arm, i))
                .Where(a => !versions.Contains(a.arm.Version))
                .Select(a => new FieldError($"arms[{a.i}].version", $"Prompt '{experiment.PromptKey}' has no version {a.arm.Version}."))
                .ToArray();
            if (missing.Length > 0)
                return Error.Validation("invalid-experiment", $"Prompt '{experiment.PromptKey}' lacks a version an arm serves.", missing);

            var others = await LiveExperimentsAsync(db, experiment.PromptKey, cancellationToken);
            return ExperimentLifecycle.Start(experiment, now, others)
                .Map(started => new Change(started, AuditActions.ExperimentStarted, $"started: {Arms(started.Definition)}", null, null));
        }, cancellationToken);

    public Task<Result<ExperimentDetails>> PauseAsync(string key, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, actor, (_, experiment, _) => Task.FromResult(
            ExperimentLifecycle.Pause(experiment).Map(paused => new Change(paused, AuditActions.ExperimentPaused, "paused", null, null))), cancellationToken);

    public Task<Result<ExperimentDetails>> ResumeAsync(string key, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, actor, (_, experiment, now) => Task.FromResult(
            ExperimentLifecycle.Resume(experiment, now).Map(resumed => new Change(resumed, AuditActions.ExperimentResumed, "resumed", null, null))), cancellationToken);

    public Task<Result<ExperimentDetails>> StopAsync(string key, StopExperimentCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ChangeAsync(key, actor, async (_, experiment, now) =>
        {
            var errors = new List<FieldError>();
            if (!ExperimentVerdicts.TryParse(command.Decision, out var verdict))
                errors.Add(new FieldError("decision", $"'{command.Decision}' is not a decision: use {ExperimentVerdicts.Ship} or {ExperimentVerdicts.NoWinner}."));
            if (string.IsNullOrWhiteSpace(command.Reason))
                errors.Add(new FieldError("reason", "Say why the experiment stops."));
            if (errors.Count > 0)
                return Error.Validation("invalid-decision", "The stop decision is not valid.", errors);

            var decision = new ExperimentDecision(verdict, command.Arm);
            var stopped = ExperimentLifecycle.Stop(experiment, decision, now);
            if (!stopped.IsSuccess)
                return stopped.Error!;

            var summary = verdict == ExperimentVerdict.Ship ? $"stopped: ship '{decision.Arm}'" : "stopped: no winner";
            if (verdict == ExperimentVerdict.Ship)
            {
                var arm = experiment.Definition.Arms.First(a => a.Name == decision.Arm);
                var deployed = await registry.DeployAsync(
                    experiment.PromptKey, ShipLabel, arm.Version, $"experiment '{experiment.Key}' shipped arm '{arm.Name}': {command.Reason}", null, actor, cancellationToken);
                if (!deployed.IsSuccess)
                    return deployed.Error!;
                summary += $" (v{arm.Version} → {ShipLabel})";
            }

            return new Change(stopped.Value, AuditActions.ExperimentStopped, summary, command.Reason!.Trim(), command.Reason.Trim());
        }, cancellationToken);
    }

    public Task<Result<ExperimentDetails>> ReallocateAsync(string key, ReallocateExperimentCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ChangeAsync(key, actor, (_, experiment, _) =>
        {
            var arms = experiment.Definition.Arms;
            var weights = arms.Select(a => a.Weight).ToArray();
            var errors = new List<FieldError>();
            var given = command.Arms ?? [];
            var named = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < given.Count; i++)
            {
                var index = arms.ToList().FindIndex(a => a.Name == given[i].Name);
                if (index < 0)
                    errors.Add(new FieldError($"arms[{i}].name", $"'{given[i].Name}' is not an arm of '{experiment.Key}'."));
                else if (!named.Add(given[i].Name!))
                    errors.Add(new FieldError($"arms[{i}].name", $"Arm '{given[i].Name}' is listed twice."));
                else if (given[i].Weight is not { } weight)
                    errors.Add(new FieldError($"arms[{i}].weight", "A weight is required."));
                else
                    weights[index] = weight;
            }

            if (errors.Count > 0)
                return Task.FromResult<Result<Change>>(Error.Validation("invalid-allocation", "The new allocation is not valid.", errors));

            var coverage = command.Coverage ?? experiment.Definition.Coverage;
            var before = experiment.Definition;
            return Task.FromResult(ExperimentLifecycle.Reallocate(experiment, weights, coverage, command.Confirm)
                .Map(changed => new Change(
                    changed,
                    AuditActions.ExperimentReallocated,
                    Invariant($"{Arms(before)} coverage {before.Coverage:0.###} → {Arms(changed.Definition)} coverage {changed.Definition.Coverage:0.###}"),
                    null,
                    null)));
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> StopExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<StoredExperiment> live;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            live = await db.Experiments.AsNoTracking()
                .Where(e => StoredExperiment.LiveStatusNames.Contains(e.Status) && e.EndsAt != null)
                .ToListAsync(cancellationToken);
        }

        var stopped = new List<string>();
        foreach (var row in live.Where(r => ExperimentLifecycle.IsPastEnd(r.ToExperiment(), now)))
        {
            var result = await StopAsync(row.Key, new StopExperimentCommand(ExperimentVerdicts.NoWinner, null, EndDateReachedReason), SystemActor, cancellationToken);
            if (result.IsSuccess)
                stopped.Add(row.Key);
        }

        return stopped;
    }

    public async Task<Result<ExperimentResults>> GetResultsAsync(string key, CancellationToken cancellationToken = default)
    {
        var details = await GetAsync(key, cancellationToken);
        if (!details.IsSuccess)
            return details.Error!;

        var experiment = details.Value.Experiment;
        var totals = await records.TotalsAsync(key, cancellationToken);
        var sample = await records.SampleAsync(key, experiment.Definition.Arms.Select(a => a.Name), cancellationToken);
        var notEnrolled = await records.NotEnrolledAsync(experiment.Definition.PromptKey, key, cancellationToken);
        return ExperimentResultsCalculator.Calculate(experiment, totals, sample, notEnrolled, time.GetUtcNow());
    }

    public async Task<Result<SampleSizeEstimate>> EstimateSampleSizeAsync(string key, SampleSizeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var details = await GetAsync(key, cancellationToken);
        if (!details.IsSuccess)
            return details.Error!;

        var definition = details.Value.Definition;
        var metric = definition.PrimaryMetric;
        var alpha = query.Alpha ?? SampleSize.DefaultAlpha;
        var power = query.Power ?? SampleSize.DefaultPower;
        if (query.Mde is not { } mde)
            return Error.Validation("invalid-sample-size-inputs", "Say which effect to detect.", [new FieldError("mde", "The minimum detectable effect (relative, 0.05 = 5 %) is required.")]);

        Result<long> perArm;
        if (metric is ExperimentMetric.SuccessRate or ExperimentMetric.OutputCheckPassRate)
        {
            if (query.BaselineRate is not { } rate)
                return Error.Validation("invalid-sample-size-inputs", "A rate metric needs its baseline.", [new FieldError("baselineRate", "The control's current rate is required.")]);
            perArm = SampleSize.PerArmForProportions(rate, mde, alpha, power);
        }
        else
        {
            var missing = new List<FieldError>();
            if (query.BaselineMean is null)
                missing.Add(new FieldError("baselineMean", "The control's current mean is required."));
            if (query.Variance is null)
                missing.Add(new FieldError("variance", "The per-execution variance is required."));
            if (missing.Count > 0)
                return Error.Validation("invalid-sample-size-inputs", "A mean metric needs its baseline and variance.", missing);
            perArm = SampleSize.PerArmForMeans(query.BaselineMean!.Value, query.Variance!.Value, mde, alpha, power);
        }

        if (!perArm.IsSuccess)
            return perArm.Error!;

        var perDay = await records.ExecutionsPerDayAsync(definition.PromptKey, time.GetUtcNow(), TrafficDays, cancellationToken);
        var weights = definition.Arms.Select(a => a.Weight).ToArray();
        ExperimentDurationEstimate? duration = null;
        if (perDay > 0 && ExperimentDuration.Estimate(perArm.Value, weights, perDay, definition.Coverage) is { IsSuccess: true } estimate)
            duration = estimate.Value;
        return new SampleSizeEstimate(ExperimentMetrics.NameOf(metric), perArm.Value, alpha, power, mde, perDay, duration);
    }

    public async Task<Result<IReadOnlyList<AuditEvent>>> GetAuditAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Experiments.AnyAsync(e => e.Key == key, cancellationToken))
            return NotFound(key);
        var target = AuditTarget(key);
        var events = await db.AuditEvents.AsNoTracking().Where(a => a.Target == target).ToListAsync(cancellationToken);
        return events.OrderBy(a => a.At).ThenBy(a => a.Id).ToArray();
    }

    public async Task<Result<ExperimentReport>> GetReportAsync(string key, CancellationToken cancellationToken = default)
    {
        var details = await GetAsync(key, cancellationToken);
        if (!details.IsSuccess)
            return details.Error!;
        var results = await GetResultsAsync(key, cancellationToken);
        if (!results.IsSuccess)
            return results.Error!;
        var audit = await GetAuditAsync(key, cancellationToken);
        if (!audit.IsSuccess)
            return audit.Error!;
        return new ExperimentReport(details.Value, results.Value, audit.Value);
    }

    private const string ConcurrentEditCode = "concurrent-edit";

    /// <summary>A domain decision ready to save: the new state, its audit action and summary, the audit reason and the stored decision reason.</summary>
    private sealed record Change(Experiment Experiment, string Action, string Summary, string? AuditReason, string? DecisionReason);

    private async Task<Result<ExperimentDetails>> ChangeAsync(
        string key, string actor, Func<PromptConsoleDbContext, Experiment, DateTimeOffset, Task<Result<Change>>> decide, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Experiments.FirstOrDefaultAsync(e => e.Key == key, cancellationToken);
        if (row is null)
            return NotFound(key);

        var now = time.GetUtcNow();
        var change = await decide(db, row.ToExperiment(), now);
        if (!change.IsSuccess)
            return change.Error!;
        var c = change.Value;
        return await SaveChangeAsync(db, row, c.Experiment, c.Action, c.Summary, c.AuditReason, c.DecisionReason, actor, now, cancellationToken);
    }

    private async Task<Result<ExperimentDetails>> SaveChangeAsync(
        PromptConsoleDbContext db, StoredExperiment row, Experiment experiment, string action, string summary, string? auditReason, string? decisionReason,
        string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var promptBefore = row.PromptKey;
        row.Apply(experiment, decisionReason, now);
        db.AuditEvents.Add(Audit(now, actor, action, experiment, summary, auditReason));
        if (await SaveAsync(db, experiment.Key, cancellationToken) is { } error)
            return error;

        snapshots.Invalidate(experiment.PromptKey);
        if (!string.Equals(promptBefore, experiment.PromptKey, StringComparison.Ordinal))
            snapshots.Invalidate(promptBefore);
        return Details(row);
    }

    private static Task<Error?> SaveAsync(PromptConsoleDbContext db, string key, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync(() => ConcurrentEdit(key), cancellationToken);

    /// <summary>The prompt's version numbers, or null when there is no such prompt.</summary>
    private static async Task<IReadOnlySet<int>?> VersionsOfAsync(PromptConsoleDbContext db, string? promptKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(promptKey))
            return null;
        var prompt = await db.Prompts.AsNoTracking()
            .Where(p => p.Key == promptKey)
            .Select(p => new { Versions = p.Versions.Select(v => v.Number).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        return prompt is null ? null : prompt.Versions.ToHashSet();
    }

    private static async Task<IReadOnlyList<Experiment>> LiveExperimentsAsync(PromptConsoleDbContext db, string promptKey, CancellationToken cancellationToken)
    {
        var rows = await db.Experiments.AsNoTracking()
            .Where(e => e.PromptKey == promptKey && StoredExperiment.LiveStatusNames.Contains(e.Status))
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToExperiment()).ToArray();
    }

    private static AuditEvent Audit(DateTimeOffset now, string actor, string action, Experiment experiment, string summary, string? reason) =>
        new(now, actor, action, experiment.PromptKey, AuditTarget(experiment.Key), summary, reason);

    private static string Arms(ExperimentDefinition definition) =>
        string.Join(" / ", definition.Arms.Select(a => Invariant($"{a.Name}=v{a.Version}@{a.Weight:0.###}")));

    private static string Describe(ExperimentDefinition definition) =>
        Invariant($"{definition.Key} on {definition.PromptKey}: {Arms(definition)}, coverage {definition.Coverage:0.###}, primary {ExperimentMetrics.NameOf(definition.PrimaryMetric)}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static ExperimentDetails Details(StoredExperiment row) =>
        new(row.ToExperiment(), row.DecisionReason, row.CreatedBy, row.CreatedAt, row.UpdatedAt, row.Revision);

    private static Error NotFound(string key) => Error.NotFound("experiment-not-found", $"There is no experiment '{key}'.");

    private static Error Exists(string key) => Error.Conflict("experiment-exists", $"An experiment with key '{key}' already exists.");

    private static Error ConcurrentEdit(string key) =>
        Error.Conflict(ConcurrentEditCode, $"Experiment '{key}' was changed by someone else at the same time; nothing was saved. Reload and try again.");

    private static Error PromptMissing(string? prompt) =>
        Error.Validation("prompt-not-found", $"There is no prompt '{prompt}'.", [new FieldError("prompt", $"There is no prompt '{prompt}': create it first.")]);
}
