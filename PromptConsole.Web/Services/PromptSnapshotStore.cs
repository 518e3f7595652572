using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Web.Services;

/// <summary>
/// Snapshots of prompts for the execution path. A hit is one dictionary lookup and a completed
/// ValueTask; a miss loads the committed aggregate without tracking. Unknown keys are not cached,
/// so a prompt created later is found on its first request.
/// </summary>
public sealed class PromptSnapshotStore(IDbContextFactory<PromptConsoleDbContext> dbFactory) : IPromptSnapshotStore
{
    private readonly ConcurrentDictionary<string, PromptSnapshot> _snapshots = new(StringComparer.Ordinal);

    // Bumped by every invalidation. A load that overlapped one may hold pre-change state, so it is
    // returned to its caller but not cached.
    private long _invalidations;

    public ValueTask<PromptSnapshot?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        _snapshots.TryGetValue(key, out var snapshot)
            ? new ValueTask<PromptSnapshot?>(snapshot)
            : new ValueTask<PromptSnapshot?>(LoadAsync(key, cancellationToken));

    public void Invalidate(string key)
    {
        Interlocked.Increment(ref _invalidations);
        _snapshots.TryRemove(key, out _);
    }

    private async Task<PromptSnapshot?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var invalidationsBefore = Interlocked.Read(ref _invalidations);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prompt = await db.PromptAggregates.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (prompt is null)
            return null;

        var killSwitch = await PromptKillSwitches.EngagedAsync(db, key, cancellationToken);
        var canary = await LiveCanaryAsync(db, prompt, cancellationToken);
        var snapshot = PromptSnapshot.From(prompt, await LiveExperimentsAsync(db, key, cancellationToken), killSwitch, canary);
        if (Interlocked.Read(ref _invalidations) != invalidationsBefore)
            return snapshot;

        _snapshots[key] = snapshot;

        // An invalidation may have run between the check and the store, removing nothing; then
        // take our possibly stale copy back out (only ours: a newer one stored meanwhile stays).
        if (Interlocked.Read(ref _invalidations) != invalidationsBefore)
            _snapshots.TryRemove(new KeyValuePair<string, PromptSnapshot>(key, snapshot));
        return snapshot;
    }

    /// <summary>
    /// The prompt's running or paused canary as routing sees it (a paused one keeps its share). It is left out
    /// once its label no longer points at its baseline: a deploy or rollback of the label by someone else wins
    /// at once, and the canary controller ends the canary at its next analysis.
    /// </summary>
    private static async Task<CanaryRoute?> LiveCanaryAsync(PromptConsoleDbContext db, Prompt prompt, CancellationToken cancellationToken)
    {
        var row = await db.Canaries.AsNoTracking()
            .Where(c => c.PromptKey == prompt.Key && StoredCanary.LiveStatusNames.Contains(c.Status))
            .OrderByDescending(c => c.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        var canary = row.ToCanary();
        var label = prompt.Labels.FirstOrDefault(l => l.Name == canary.Definition.Label);
        if (label?.VersionNumber != canary.BaselineVersion)
            return null;
        return new CanaryRoute(canary.Key, canary.Definition.Label, canary.BaselineVersion, canary.Definition.CandidateVersion, canary.Percent);
    }

    /// <summary>
    /// The prompt's running and paused experiments, compiled. One whose stored targeting no longer compiles
    /// is left out (it routes nobody) rather than making the prompt unservable.
    /// </summary>
    private static async Task<PromptExperiments> LiveExperimentsAsync(PromptConsoleDbContext db, string key, CancellationToken cancellationToken)
    {
        var rows = await db.Experiments.AsNoTracking()
            .Where(e => e.PromptKey == key && StoredExperiment.LiveStatusNames.Contains(e.Status))
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
            return PromptExperiments.None;
        var compiled = rows
            .Select(r => CompiledExperiment.Compile(r.ToExperiment()))
            .Where(c => c.IsSuccess)
            .Select(c => c.Value);
        return PromptExperiments.From(compiled);
    }
}
