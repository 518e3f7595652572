using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// Canary releases over EF Core. Every change follows one path: load the row, let the <see cref="Canary"/>
/// aggregate decide, save the new state, its decision and its audit event in one SaveChanges (the row's
/// revision is the concurrency token, so the controller and an operator acting at once cannot both win), then
/// drop the prompt's snapshot so routing sees the new share at once. The label the canary releases keeps
/// pointing at the baseline until the canary promotes (then the registry deploys the candidate, audited);
/// aborting only ends the split, which puts all traffic back on the baseline.
/// </summary>
/// <remarks>
/// A deploy or rollback of the canary's label by someone else while it is live wins: the snapshot store stops
/// routing the canary as soon as the label no longer points at the baseline, and the next analysis ends the
/// canary (promoted if the label now points at the candidate, otherwise aborted), audited with the reason. The
/// canary does not refuse such moves: during an incident a human's rollback must never be blocked.
/// </remarks>
public sealed partial class CanaryService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    IPromptSnapshotStore snapshots,
    IPromptRegistry registry,
    IGoldenGate goldenGate,
    IAutomaticRollbacks automaticRollbacks,
    CanaryRecordsReader records,
    TimeProvider time,
    ILogger<CanaryService> logger) : ICanaryService
{
    /// <summary>The actor of the controller's decisions.</summary>
    public const string SystemActor = "system";

    public static string AuditTarget(string key) => "canary:" + key;

    public async Task<Result<CanaryDetails>> StartAsync(string promptKey, StartCanaryCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prompt = await db.PromptAggregates.AsNoTracking().FirstOrDefaultAsync(p => p.Key == promptKey, cancellationToken);
        if (prompt is null)
            return PromptNotFound(promptKey);

        var versions = prompt.Versions.Select(v => v.Number).ToHashSet();
        var labels = prompt.Labels.Where(l => l.VersionNumber is not null).ToDictionary(l => l.Name, l => l.VersionNumber!.Value, StringComparer.Ordinal);
        var live = await db.Canaries.AsNoTracking()
            .Where(c => c.PromptKey == promptKey && StoredCanary.LiveStatusNames.Contains(c.Status))
            .Select(c => c.Label)
            .FirstOrDefaultAsync(cancellationToken);
        var draft = new CanaryDraft(command.CandidateVersion, command.Label, command.Steps, command.StepMinutes, command.MinExecutionsPerStep, command.Gates);
        var plan = CanaryValidator.Validate(draft, versions, labels, live);
        if (!plan.IsSuccess)
            return plan.Error!;

        var definition = plan.Value.Definition;
        if (await goldenGate.CheckReleaseAsync(promptKey, definition.CandidateVersion, "canary", "candidateVersion", command.OverrideReason, actor, cancellationToken) is { } refused)
            return refused;

        var now = time.GetUtcNow();
        var canary = Canary.Start(NewKey(), promptKey, plan.Value.BaselineVersion, definition, now);
        var row = StoredCanary.New(canary, actor, now);
        var reason = Trimmed(command.Reason);
        var summary = Invariant($"{canary.Title} started: v{canary.BaselineVersion} → v{definition.CandidateVersion} in steps of {string.Join(" → ", definition.Steps)} %, {Minutes(definition.StepDuration)} and {definition.MinExecutionsPerStep} candidate executions per step, gates {Gates(definition.Gates)}");
        row.AddDecision(Decision(canary, now, CanaryDecisionActions.Start, reason ?? summary, actor, 0, 0, []));
        db.Canaries.Add(row);
        db.AuditEvents.Add(Audit(now, actor, AuditActions.CanaryStarted, canary, summary, reason ?? $"started by {actor}"));
        if (await SaveAsync(db, canary.Key, cancellationToken) is { } error)
            return error;

        snapshots.Invalidate(promptKey);
        return Details(row);
    }

    public async Task<Result<IReadOnlyList<CanaryDetails>>> ListAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Prompts.AnyAsync(p => p.Key == promptKey, cancellationToken))
            return PromptNotFound(promptKey);
        var rows = await db.Canaries.AsNoTracking().Where(c => c.PromptKey == promptKey).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(Details).ToArray();
    }

    public async Task<IReadOnlyList<CanaryDetails>> ListAllAsync(DateTimeOffset? endedSince = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Canaries.AsNoTracking();
        // PostgreSQL takes instants in UTC only; a caller's local offset is normalised here.
        var since = endedSince?.ToUniversalTime();
        query = since is not null
            ? query.Where(c => StoredCanary.LiveStatusNames.Contains(c.Status) || (c.EndedAt != null && c.EndedAt >= since))
            : query.Where(c => StoredCanary.LiveStatusNames.Contains(c.Status));
        var rows = await query.ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Select(Details).ToArray();
    }

    public async Task<Result<CanaryDetails>> GetCurrentAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await LiveAsync(db, promptKey, tracked: false, cancellationToken);
        if (row is not null)
            return Details(row);
        return await db.Prompts.AnyAsync(p => p.Key == promptKey, cancellationToken) ? NoLiveCanary(promptKey) : PromptNotFound(promptKey);
    }

    public async Task<Result<CanaryDetails>> GetAsync(string canaryKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Canaries.AsNoTracking().FirstOrDefaultAsync(c => c.Key == canaryKey, cancellationToken);
        return row is null ? CanaryNotFound(canaryKey) : Details(row);
    }

    public async Task<Result<IReadOnlyList<CanaryArmPoint>>> GetSeriesAsync(string canaryKey, CancellationToken cancellationToken = default)
    {
        var canary = await GetAsync(canaryKey, cancellationToken);
        if (!canary.IsSuccess)
            return canary.Error!;
        var series = await records.SeriesAsync(canaryKey, canary.Value.StartedAt, cancellationToken);
        return Result<IReadOnlyList<CanaryArmPoint>>.Success(series);
    }

    public Task<Result<CanaryDetails>> PromoteAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeLiveAsync(promptKey, async (canary, now) =>
        {
            var why = Trimmed(reason) ?? $"promoted by {actor}";
            return await PromoteChangeAsync(canary, now, why, Trimmed(reason), actor, 0, 0, [], cancellationToken);
        }, cancellationToken);

    public Task<Result<CanaryDetails>> PauseAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeLiveAsync(promptKey, (canary, now) =>
        {
            var why = Trimmed(reason) ?? $"paused by {actor}";
            var step = Step(canary);
            return Task.FromResult(canary.Pause(why) is { } refused
                ? Result<Change>.Failure(refused)
                : new Change(AuditActions.CanaryPaused, $"{canary.Title}: paused at {step}", Trimmed(reason), Decision(canary, now, CanaryDecisionActions.Pause, why, actor, 0, 0, []), null));
        }, cancellationToken);

    public Task<Result<CanaryDetails>> ResumeAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeLiveAsync(promptKey, (canary, now) =>
        {
            var why = Trimmed(reason) ?? $"resumed by {actor}";
            // A resumed canary is judged afresh, as Argo starts a new analysis run: the counts that paused it are cleared.
            return Task.FromResult(canary.Resume(now) is { } refused
                ? Result<Change>.Failure(refused)
                : new Change(AuditActions.CanaryResumed, $"{canary.Title}: resumed at {Step(canary)}", Trimmed(reason),
                    Decision(canary, now, CanaryDecisionActions.Resume, why, actor, 0, 0, []), canary.Definition.Gates.Select(_ => GateCounters.Zero).ToArray()));
        }, cancellationToken);

    public Task<Result<CanaryDetails>> AbortAsync(string promptKey, string? reason, string actor, CancellationToken cancellationToken = default) =>
        ChangeLiveAsync(promptKey, (canary, now) =>
        {
            var why = Trimmed(reason) ?? $"aborted by {actor}";
            return Task.FromResult(AbortChange(canary, now, why, Trimmed(reason), actor, 0, 0, []));
        }, cancellationToken);

    public async Task<IReadOnlyList<CanaryDecisionView>> AnalyseAsync(CancellationToken cancellationToken = default)
    {
        List<string> keys;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            keys = await db.Canaries.AsNoTracking()
                .Where(c => StoredCanary.LiveStatusNames.Contains(c.Status))
                .OrderBy(c => c.StartedAt)
                .Select(c => c.Key)
                .ToListAsync(cancellationToken);
        }

        var decisions = new List<CanaryDecisionView>();
        foreach (var key in keys)
        {
            try
            {
                if (await AnalyseOneAsync(key, cancellationToken) is { } decision)
                    decisions.Add(decision);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One canary's failure (a stored gate that no longer reads, a database hiccup) must not stall the others.
                LogAnalysisFailed(exception, key);
            }
        }

        return decisions;
    }

    private async Task<CanaryDecisionView?> AnalyseOneAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Canaries.FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (row is null)
            return null;
        var canary = row.ToCanary();
        if (!canary.IsLive)
            return null;

        var now = time.GetUtcNow();
        var pointedAt = await LabelVersionAsync(db, canary, cancellationToken);
        if (pointedAt != canary.BaselineVersion)
            return await EndAfterLabelMovedAsync(db, row, canary, pointedAt, now, cancellationToken);
        if (canary.Status != CanaryStatus.Running)
            return null;

        // The candidate's window is the current step; a step at 100 % has no baseline traffic, so the baseline is
        // read from the step before (the latest window in which both arms served).
        var candidate = await records.WindowAsync(key, CanaryArms.Candidate, canary.StepStartedAt, now.AddTicks(1), cancellationToken);
        var baseline = canary.Percent >= 100 && canary.PreviousStepStartedAt is { } previous
            ? await records.WindowAsync(key, CanaryArms.Baseline, previous, canary.StepStartedAt, cancellationToken)
            : await records.WindowAsync(key, CanaryArms.Baseline, canary.StepStartedAt, now.AddTicks(1), cancellationToken);
        var gates = canary.Definition.Gates;
        var measurements = gates.Select(g => GateAssessor.Assess(g, candidate, baseline)).ToArray();
        var counters = row.Counters;
        if (counters.Count != gates.Count)
            counters = gates.Select(_ => GateCounters.Zero).ToArray();

        var decision = CanaryStepDecider.Decide(new CanaryStepInput(
            gates, counters, measurements, canary.StepIndex, canary.Definition.Steps, now - canary.StepStartedAt, canary.Definition.StepDuration,
            candidate.Executions, canary.Definition.MinExecutionsPerStep));
        var views = measurements.Select(StoredMeasurement).ToArray();

        switch (decision.Action)
        {
            case CanaryAction.Wait:
            {
                var stored = Decision(canary, now, CanaryDecisionActions.Wait, decision.Reason, SystemActor, candidate.Executions, baseline.Executions, views);
                row.AddDecision(stored);
                row.SetCounters(decision.Counters);
                row.Apply(canary, now);
                return await SaveAsync(db, key, cancellationToken) is null ? View(stored) : null;
            }

            case CanaryAction.Advance:
            {
                var from = Step(canary);
                if (canary.Advance(now) is not null)
                    return null;
                var stored = Decision(canary, now, CanaryDecisionActions.Advance, decision.Reason, SystemActor, candidate.Executions, baseline.Executions, views);
                var change = new Change(AuditActions.CanaryStepAdvanced, $"{canary.Title}: {from} → {Step(canary)}", decision.Reason, stored, decision.Counters);
                return await SaveChangeAsync(db, row, canary, change, SystemActor, now, cancellationToken) is { IsSuccess: true } ? View(stored) : null;
            }

            case CanaryAction.Promote:
            {
                var promoted = await PromoteChangeAsync(canary, now, decision.Reason, decision.Reason, SystemActor, candidate.Executions, baseline.Executions, views, cancellationToken);
                if (!promoted.IsSuccess)
                {
                    LogActionRefused(key, "promote", promoted.Error!.Message);
                    return null;
                }

                return await SaveChangeAsync(db, row, canary, promoted.Value with { Counters = decision.Counters }, SystemActor, now, cancellationToken) is { IsSuccess: true }
                    ? View(promoted.Value.Decision)
                    : null;
            }

            case CanaryAction.Pause:
            {
                if (canary.Pause(decision.Reason) is not null)
                    return null;
                var stored = Decision(canary, now, CanaryDecisionActions.Pause, decision.Reason, SystemActor, candidate.Executions, baseline.Executions, views);
                var change = new Change(AuditActions.CanaryPaused, $"{canary.Title}: paused at {Step(canary)} for a human", decision.Reason, stored, decision.Counters);
                return await SaveChangeAsync(db, row, canary, change, SystemActor, now, cancellationToken) is { IsSuccess: true } ? View(stored) : null;
            }

            case CanaryAction.Abort:
                await db.DisposeAsync();
                return await AbortAutomaticallyAsync(key, row.Revision, decision, candidate.Executions, baseline.Executions, views, cancellationToken);

            default:
                return null;
        }
    }

    /// <summary>
    /// A failed canary is an automatic rollback: the safeguards of <see cref="IAutomaticRollbacks"/> decide whether
    /// the controller may take the traffic off the candidate. When they stand down, the canary pauses (it keeps
    /// its share) with their reason, and a human aborts it.
    /// </summary>
    private async Task<CanaryDecisionView?> AbortAutomaticallyAsync(
        string key, int revision, CanaryStepDecision decision, long candidateExecutions, long baselineExecutions, IReadOnlyList<StoredGateMeasurement> views, CancellationToken cancellationToken)
    {
        Canary? snapshot;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            snapshot = (await db.Canaries.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken))?.ToCanary();
        if (snapshot is null)
            return null;

        StoredCanaryDecision? aborted = null;
        var request = new AutomaticRollbackRequest(snapshot.PromptKey, snapshot.Definition.Label, snapshot.Definition.CandidateVersion, snapshot.BaselineVersion, AuditTarget(key), decision.Reason);
        var outcome = await automaticRollbacks.TryRollBackAsync(request, async ct =>
        {
            var result = await ChangeRowAsync(key, revision, (canary, now) =>
            {
                var change = AbortChange(canary, now, decision.Reason, decision.Reason, SystemActor, candidateExecutions, baselineExecutions, views, byAnalysis: true);
                if (change.IsSuccess)
                    aborted = change.Value.Decision;
                return Task.FromResult(change.IsSuccess ? Result<Change>.Success(change.Value with { Counters = decision.Counters }) : change);
            }, ct);
            return result.IsSuccess ? null : result.Error;
        }, cancellationToken);

        if (outcome.Performed)
            return aborted is null ? null : View(aborted);

        var stoodDown = outcome.StoodDownReason ?? "automatic rollback was not performed";
        StoredCanaryDecision? paused = null;
        var pause = await ChangeRowAsync(key, null, (canary, now) =>
        {
            var why = $"automatic abort stood down: {stoodDown}; a human must abort (gate: {decision.Reason})";
            if (canary.Status == CanaryStatus.Paused)
                return Task.FromResult(Result<Change>.Failure(Error.Conflict("canary-transition", "already paused")));
            if (canary.Pause(why) is { } refused)
                return Task.FromResult(Result<Change>.Failure(refused));
            paused = Decision(canary, now, CanaryDecisionActions.Pause, why, SystemActor, candidateExecutions, baselineExecutions, views);
            return Task.FromResult(Result<Change>.Success(new Change(AuditActions.CanaryPaused, $"{canary.Title}: paused at {Step(canary)}, automatic abort stood down", why, paused, decision.Counters)));
        }, cancellationToken);
        return pause.IsSuccess && paused is not null ? View(paused) : null;
    }

    /// <summary>Someone deployed or rolled back the canary's label: the canary ends, promoted if the label now serves the candidate.</summary>
    private async Task<CanaryDecisionView?> EndAfterLabelMovedAsync(
        PromptConsoleDbContext db, StoredCanary row, Canary canary, int? pointedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var where = pointedAt is { } v ? Invariant($"v{v}") : "no version";
        var label = canary.Definition.Label;
        Change change;
        if (pointedAt == canary.Definition.CandidateVersion)
        {
            var why = Invariant($"label '{label}' was moved to the candidate v{pointedAt} outside the canary");
            canary.Promote(now, why);
            change = new Change(AuditActions.CanaryPromoted, $"{canary.Title}: ended as promoted, {label} → v{pointedAt} was deployed outside the canary", why,
                Decision(canary, now, CanaryDecisionActions.Promote, why, SystemActor, 0, 0, []), null);
        }
        else
        {
            var why = Invariant($"label '{label}' was moved from the baseline v{canary.BaselineVersion} to {where} outside the canary");
            canary.Abort(now, why);
            change = new Change(AuditActions.CanaryAborted, $"{canary.Title}: aborted, {label} now points at {where}", why,
                Decision(canary, now, CanaryDecisionActions.Abort, why, SystemActor, 0, 0, []), null);
        }

        var saved = await SaveChangeAsync(db, row, canary, change, SystemActor, now, cancellationToken);
        return saved.IsSuccess ? View(change.Decision) : null;
    }

    private async Task<Result<Change>> PromoteChangeAsync(
        Canary canary, DateTimeOffset now, string why, string? auditReason, string actor, long candidateExecutions, long baselineExecutions,
        IReadOnlyList<StoredGateMeasurement> views, CancellationToken cancellationToken)
    {
        if (!canary.IsLive)
            return Error.Conflict("canary-transition", $"Canary '{canary.Key}' has ended: cannot promote.");
        var step = Step(canary);
        var label = canary.Definition.Label;
        var candidate = canary.Definition.CandidateVersion;
        var deployed = await registry.DeployAsync(canary.PromptKey, label, candidate, $"canary '{canary.Key}' promoted at {step}: {why}", null, actor, cancellationToken);
        if (!deployed.IsSuccess)
            return deployed.Error!;
        if (canary.Promote(now, why) is { } refused)
            return refused;
        return new Change(AuditActions.CanaryPromoted, Invariant($"{canary.Title}: promoted at {step}, {label} v{canary.BaselineVersion} → v{candidate}"), auditReason,
            Decision(canary, now, CanaryDecisionActions.Promote, why, actor, candidateExecutions, baselineExecutions, views), null);
    }

    /// <summary>Ends the canary, all traffic back on the baseline: rolled back when the analysis failed it, aborted when a human did.</summary>
    private static Result<Change> AbortChange(
        Canary canary, DateTimeOffset now, string why, string? auditReason, string actor, long candidateExecutions, long baselineExecutions, IReadOnlyList<StoredGateMeasurement> views,
        bool byAnalysis = false)
    {
        var step = Step(canary);
        if ((byAnalysis ? canary.RollBack(now, why) : canary.Abort(now, why)) is { } refused)
            return refused;
        var ended = byAnalysis ? "rolled back" : "aborted";
        return new Change(AuditActions.CanaryAborted, Invariant($"{canary.Title}: {ended} at {step}, all traffic back on v{canary.BaselineVersion}"), auditReason,
            Decision(canary, now, CanaryDecisionActions.Abort, why, actor, candidateExecutions, baselineExecutions, views), null);
    }

    /// <summary>A decided change ready to save: its audit action and summary, the audit reason, the decision and (when they change) the gate counters.</summary>
    private sealed record Change(string Action, string Summary, string? AuditReason, StoredCanaryDecision Decision, IReadOnlyList<GateCounters>? Counters);

    private async Task<Result<CanaryDetails>> ChangeLiveAsync(string promptKey, Func<Canary, DateTimeOffset, Task<Result<Change>>> decide, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await LiveAsync(db, promptKey, tracked: true, cancellationToken);
        if (row is null)
            return await db.Prompts.AnyAsync(p => p.Key == promptKey, cancellationToken) ? NoLiveCanary(promptKey) : PromptNotFound(promptKey);
        var canary = row.ToCanary();
        var now = time.GetUtcNow();
        var change = await decide(canary, now);
        if (!change.IsSuccess)
            return change.Error!;
        return await SaveChangeAsync(db, row, canary, change.Value, change.Value.Decision.Actor, now, cancellationToken);
    }

    /// <summary>Changes the canary <paramref name="key"/>; with <paramref name="expectedRevision"/>, only if nobody changed it since.</summary>
    private async Task<Result<CanaryDetails>> ChangeRowAsync(string key, int? expectedRevision, Func<Canary, DateTimeOffset, Task<Result<Change>>> decide, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Canaries.FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (row is null)
            return CanaryNotFound(key);
        if (expectedRevision is { } revision && row.Revision != revision)
            return ConcurrentEdit(key);
        var canary = row.ToCanary();
        var now = time.GetUtcNow();
        var change = await decide(canary, now);
        if (!change.IsSuccess)
            return change.Error!;
        return await SaveChangeAsync(db, row, canary, change.Value, change.Value.Decision.Actor, now, cancellationToken);
    }

    private async Task<Result<CanaryDetails>> SaveChangeAsync(
        PromptConsoleDbContext db, StoredCanary row, Canary canary, Change change, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        row.Apply(canary, now);
        row.AddDecision(change.Decision);
        if (change.Counters is { } counters)
            row.SetCounters(counters);
        db.AuditEvents.Add(Audit(now, actor, change.Action, canary, change.Summary, change.AuditReason ?? change.Decision.Reason));
        if (await SaveAsync(db, canary.Key, cancellationToken) is { } error)
            return error;
        snapshots.Invalidate(canary.PromptKey);
        return Details(row);
    }

    private static Task<Error?> SaveAsync(PromptConsoleDbContext db, string key, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync(() => ConcurrentEdit(key), cancellationToken);

    private static Task<StoredCanary?> LiveAsync(PromptConsoleDbContext db, string promptKey, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.Canaries : db.Canaries.AsNoTracking();
        return query
            .Where(c => c.PromptKey == promptKey && StoredCanary.LiveStatusNames.Contains(c.Status))
            .OrderByDescending(c => c.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Where the canary's label points now (null when it points nowhere or is gone).</summary>
    private static async Task<int?> LabelVersionAsync(PromptConsoleDbContext db, Canary canary, CancellationToken cancellationToken)
    {
        var prompt = await db.PromptAggregates.AsNoTracking().FirstOrDefaultAsync(p => p.Key == canary.PromptKey, cancellationToken);
        return prompt?.Labels.FirstOrDefault(l => l.Name == canary.Definition.Label)?.VersionNumber;
    }

    private static StoredCanaryDecision Decision(
        Canary canary, DateTimeOffset now, string action, string reason, string actor, long candidateExecutions, long baselineExecutions, IReadOnlyList<StoredGateMeasurement> measurements) =>
        new(now, canary.StepIndex, canary.Definition.Steps[canary.StepIndex], action, reason, actor, candidateExecutions, baselineExecutions, measurements);

    /// <summary>Non-finite values (a ratio over a zero baseline) are kept as null: JSON has no infinity; the reason says ∞.</summary>
    private static StoredGateMeasurement StoredMeasurement(GateMeasurement m) =>
        new(GateMetrics.NameOf(m.Metric), GateMeasurement.PhaseName(m.Phase), Finite(m.Candidate), Finite(m.Baseline), Finite(m.Value), Finite(m.PValue), m.Reason);

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    public static CanaryDetails Details(StoredCanary row)
    {
        var canary = row.ToCanary();
        var definition = canary.Definition;
        return new CanaryDetails(
            canary.Key,
            canary.PromptKey,
            definition.Label,
            canary.BaselineVersion,
            definition.CandidateVersion,
            canary.Status,
            definition.Steps,
            canary.StepIndex,
            canary.Percent,
            definition.StepDuration,
            definition.MinExecutionsPerStep,
            definition.Gates,
            canary.StartedAt,
            row.StartedBy,
            canary.StepStartedAt,
            canary.EndedAt,
            canary.StatusReason,
            row.Decisions.Select(View).ToArray());
    }

    private static CanaryDecisionView View(StoredCanaryDecision d) => new(
        d.At,
        d.StepIndex,
        d.Percent,
        d.Action,
        d.Reason,
        d.Actor,
        d.CandidateExecutions,
        d.BaselineExecutions,
        d.Measurements
            .Select(m => GateMetrics.TryParse(m.Metric, out var metric)
                ? new GateMeasurementView(metric, m.Phase, m.Candidate, m.Baseline, m.Value, m.PValue, m.Reason)
                : null)
            .OfType<GateMeasurementView>()
            .ToArray());

    private static AuditEvent Audit(DateTimeOffset now, string actor, string action, Canary canary, string summary, string? reason) =>
        new(now, actor, action, canary.PromptKey, AuditTarget(canary.Key), summary, reason);

    private static string NewKey() => "canary-" + Guid.NewGuid().ToString("N")[..12];

    private static string Step(Canary canary) => CanaryStepDecider.StepText(canary.StepIndex, canary.Definition.Steps);

    private static string Gates(IReadOnlyList<CanaryGate> gates) => gates.Count == 0 ? "none" : string.Join(", ", gates.Select(g => GateMetrics.NameOf(g.Metric)));

    private static string Minutes(TimeSpan span) => Invariant($"{span.TotalMinutes:0.##} min");

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static Error PromptNotFound(string promptKey) => Error.NotFound("prompt-not-found", $"There is no prompt '{promptKey}'.");

    private static Error NoLiveCanary(string promptKey) => Error.NotFound("canary-not-found", $"Prompt '{promptKey}' has no running or paused canary.");

    private static Error CanaryNotFound(string key) => Error.NotFound("canary-not-found", $"There is no canary '{key}'.");

    private static Error ConcurrentEdit(string key) =>
        Error.Conflict("concurrent-edit", $"Canary '{key}' was changed by someone else at the same time; nothing was saved. Reload and try again.");

    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "The analysis of canary {CanaryKey} failed; it runs again at the next tick")]
    private partial void LogAnalysisFailed(Exception exception, string canaryKey);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Canary {CanaryKey}: the controller could not {Action}: {Reason}")]
    private partial void LogActionRefused(string canaryKey, string action, string reason);
}
