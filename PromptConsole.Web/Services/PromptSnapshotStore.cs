using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Web.Services;

/// <summary>
/// Snapshots of prompts for the execution path. A hit is one dictionary lookup and a completed
/// ValueTask; a miss loads the committed aggregate without tracking. Unknown keys are remembered for
/// <see cref="FleetOptions.UnknownPromptCacheDuration"/> so a stream of requests for a missing prompt does
/// not reach the database each time; creating the prompt invalidates its key like any change, so it is
/// found on its first request after that. Invalidations are published on the
/// <see cref="ConfigurationChangeBus"/> (Redis when configured) and other instances' arrive through it.
/// </summary>
public sealed class PromptSnapshotStore : IPromptSnapshotStore
{
    private readonly IDbContextFactory<PromptConsoleDbContext> _dbFactory;
    private readonly ConfigurationChangeBus? _bus;
    private readonly TimeProvider _time;
    private readonly TimeSpan _unknownDuration;
    private readonly int _unknownCapacity;

    private readonly ConcurrentDictionary<string, PromptSnapshot> _snapshots = new(StringComparer.Ordinal);

    // Unknown keys and when (timestamp) the database said so.
    private readonly ConcurrentDictionary<string, long> _unknown = new(StringComparer.Ordinal);

    public PromptSnapshotStore(
        IDbContextFactory<PromptConsoleDbContext> dbFactory,
        ConfigurationChangeBus? bus = null,
        IOptions<FleetOptions>? fleet = null,
        TimeProvider? time = null)
    {
        _dbFactory = dbFactory;
        _bus = bus;
        _time = time ?? TimeProvider.System;
        var settings = fleet?.Value ?? new FleetOptions();
        _unknownDuration = settings.UnknownPromptCacheDuration;
        _unknownCapacity = settings.UnknownPromptCacheCapacity;
        bus?.Subscribe(OnRemoteChange);
    }

    // Bumped by every invalidation. A load that overlapped one may hold pre-change state, so it is
    // returned to its caller but not cached.
    private long _invalidations;

    public ValueTask<PromptSnapshot?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_snapshots.TryGetValue(key, out var snapshot))
            return new ValueTask<PromptSnapshot?>(snapshot);
        if (_unknown.TryGetValue(key, out var since) && _time.GetElapsedTime(since) < _unknownDuration)
            return new ValueTask<PromptSnapshot?>((PromptSnapshot?)null);
        return new ValueTask<PromptSnapshot?>(LoadAsync(key, cancellationToken));
    }

    public void Invalidate(string key)
    {
        Drop(key);
        _bus?.Publish(ConfigurationChange.Prompt(key));
    }

    /// <summary>A change made on another instance: drop without publishing again.</summary>
    private void OnRemoteChange(ConfigurationChange change)
    {
        switch (change.Scope)
        {
            case ConfigurationChangeScope.Prompt:
                Drop(change.PromptKey!);
                break;
            case ConfigurationChangeScope.Everything:
                Interlocked.Increment(ref _invalidations);
                _snapshots.Clear();
                _unknown.Clear();
                break;
        }
    }

    private void Drop(string key)
    {
        Interlocked.Increment(ref _invalidations);
        _snapshots.TryRemove(key, out _);
        _unknown.TryRemove(key, out _);
    }

    private async Task<PromptSnapshot?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var invalidationsBefore = Interlocked.Read(ref _invalidations);
        var unknownSince = _time.GetTimestamp();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var prompt = await db.PromptAggregates.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (prompt is null)
        {
            RememberUnknown(key, unknownSince, invalidationsBefore);
            return null;
        }

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

    /// <summary>Same rule as a snapshot: a lookup that overlapped an invalidation (the prompt may just have been created) is not kept.</summary>
    private void RememberUnknown(string key, long since, long invalidationsBefore)
    {
        if (_unknownDuration <= TimeSpan.Zero || Interlocked.Read(ref _invalidations) != invalidationsBefore)
            return;

        // Random keys must not grow memory without bound: past the cap, start over (the cost is a few reads).
        if (_unknown.Count >= _unknownCapacity)
            _unknown.Clear();
        _unknown[key] = since;
        if (Interlocked.Read(ref _invalidations) != invalidationsBefore)
            _unknown.TryRemove(new KeyValuePair<string, long>(key, since));
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
