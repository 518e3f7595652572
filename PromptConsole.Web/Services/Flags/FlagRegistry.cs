using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Flags;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Flags;

/// <summary>
/// Flags over EF Core. Every change follows one path: check the body, load the row, check the
/// caller's expected revision, save the row and its audit event in one SaveChanges (the row's
/// revision is the concurrency token), then drop what caches it: the flag definitions and, for a
/// kill switch, the snapshot of each prompt it guarded or now guards.
/// </summary>
public sealed class FlagRegistry(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    FlagDefinitionCache definitions,
    IPromptSnapshotStore snapshots,
    TimeProvider time) : IFlagRegistry
{
    public const int MaxAuditPage = 1_000;

    private const string ConcurrentEditCode = "concurrent-edit";

    public async Task<IReadOnlyList<FlagRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.FeatureFlags.AsNoTracking().OrderBy(f => f.Key).ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToArray();
    }

    public async Task<Result<FlagRecord>> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FeatureFlags.AsNoTracking().FirstOrDefaultAsync(f => f.Key == key, cancellationToken);
        return row is null ? FlagNotFound(key) : ToRecord(row);
    }

    public async Task<Result<FlagRecord>> CreateAsync(FlagDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var checkedFlag = FlagValidator.Validate(draft, await KillSwitchPromptVersionsAsync(db, draft, cancellationToken));
        if (!checkedFlag.IsSuccess)
            return checkedFlag.Error!;

        var flag = checkedFlag.Value;
        if (await db.FeatureFlags.AnyAsync(f => f.Key == flag.Key, cancellationToken))
            return FlagExists(flag.Key);

        var now = time.GetUtcNow();
        var row = new FeatureFlagRow(flag, now);
        db.FeatureFlags.Add(row);
        db.AuditEvents.Add(FlagAudit.Created(flag, actor, now));
        var saved = await SaveAsync(db, flag.Key, cancellationToken);
        if (saved is not null)
            return saved.Code == ConcurrentEditCode ? FlagExists(flag.Key) : saved;

        Changed(null, flag);
        return ToRecord(row);
    }

    public async Task<Result<FlagRecord>> UpdateAsync(string key, FlagDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Key is not null && !string.Equals(draft.Key, key, StringComparison.Ordinal))
            return Error.Validation("invalid-flag", "The flag is not valid.", [new FieldError("key", $"The key of flag '{key}' cannot change (the body says '{draft.Key}').")]);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var checkedFlag = FlagValidator.Validate(draft with { Key = key }, await KillSwitchPromptVersionsAsync(db, draft, cancellationToken));
        if (!checkedFlag.IsSuccess)
            return checkedFlag.Error!;

        var after = checkedFlag.Value;
        return await ChangeAsync(
            db,
            key,
            expectedRevision,
            before => FlagAudit.ChangedFields(before, after) is ["nothing"] ? null : (after, FlagAudit.Updated(before, after, actor, time.GetUtcNow())),
            cancellationToken);
    }

    public async Task<Result<FlagRecord>> SetEnabledAsync(string key, bool enabled, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ChangeAsync(
            db,
            key,
            expectedRevision,
            before =>
            {
                if (before.Enabled == enabled)
                    return null;
                var after = before with { Enabled = enabled };
                return (after, FlagAudit.Switched(after, actor, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), time.GetUtcNow()));
            },
            cancellationToken);
    }

    public async Task<Result<FlagRecord>> DeleteAsync(string key, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FeatureFlags.FirstOrDefaultAsync(f => f.Key == key, cancellationToken);
        if (row is null)
            return FlagNotFound(key);
        if (RevisionConflict(key, row, expectedRevision) is { } conflict)
            return conflict;

        var flag = row.ToFlag();
        var record = ToRecord(row);
        db.FeatureFlags.Remove(row);
        db.AuditEvents.Add(FlagAudit.Deleted(flag, actor, time.GetUtcNow()));
        var saved = await SaveAsync(db, key, cancellationToken);
        if (saved is not null)
            return saved;

        Changed(flag, null);
        return record;
    }

    public async Task<IReadOnlyList<AuditEvent>> GetAuditAsync(string key, int skip = 0, int take = 100, CancellationToken cancellationToken = default)
    {
        var target = FlagAudit.Target(key);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking()
            .Where(a => a.Target == target)
            .OrderByDescending(a => a.At)
            .ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, MaxAuditPage))
            .ToListAsync(cancellationToken);
    }

    /// <summary><paramref name="change"/> returns the new state and its audit event, or null when nothing changes.</summary>
    private async Task<Result<FlagRecord>> ChangeAsync(
        PromptConsoleDbContext db,
        string key,
        int? expectedRevision,
        Func<FeatureFlag, (FeatureFlag After, AuditEvent Audit)?> change,
        CancellationToken cancellationToken)
    {
        var row = await db.FeatureFlags.FirstOrDefaultAsync(f => f.Key == key, cancellationToken);
        if (row is null)
            return FlagNotFound(key);
        if (RevisionConflict(key, row, expectedRevision) is { } conflict)
            return conflict;

        var before = row.ToFlag();
        if (change(before) is not { } changed)
            return ToRecord(row);

        row.Apply(changed.After, changed.Audit.At);
        db.AuditEvents.Add(changed.Audit);
        var saved = await SaveAsync(db, key, cancellationToken);
        if (saved is not null)
            return saved;

        Changed(before, changed.After);
        return ToRecord(row);
    }

    /// <summary>Runs after the commit, so a reload can only see the new state.</summary>
    private void Changed(FeatureFlag? before, FeatureFlag? after)
    {
        definitions.Invalidate();
        if (before?.KillSwitch is { } old)
            snapshots.Invalidate(old.PromptKey);
        if (after?.KillSwitch is { } current && current.PromptKey != before?.KillSwitch?.PromptKey)
            snapshots.Invalidate(current.PromptKey);
    }

    /// <summary>The version numbers of the prompt a kill-switch body names; null when there is no such prompt (or the body is no kill switch).</summary>
    private static async Task<IReadOnlySet<int>?> KillSwitchPromptVersionsAsync(PromptConsoleDbContext db, FlagDraft draft, CancellationToken cancellationToken)
    {
        if (draft.Kind != FlagValidator.PromptKillSwitchKind || draft.KillSwitch?.Prompt is not { } prompt || !PromptKey.IsValid(prompt))
            return null;

        var found = await db.Prompts.AsNoTracking()
            .Where(p => p.Key == prompt)
            .Select(p => new { Versions = p.Versions.Select(v => v.Number).ToList() })
            .FirstOrDefaultAsync(cancellationToken);
        return found?.Versions.ToHashSet();
    }

    private static Task<Error?> SaveAsync(PromptConsoleDbContext db, string key, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync(() => ConcurrentEdit(key), cancellationToken);

    private static Error? RevisionConflict(string key, FeatureFlagRow row, int? expectedRevision) =>
        expectedRevision is { } expected && expected != row.Revision
            ? Error.Conflict("revision-conflict", $"Flag '{key}' is at revision {row.Revision}, not {expected}: it was changed by someone else. Reload and try again.")
            : null;

    private static FlagRecord ToRecord(FeatureFlagRow row) => new(row.ToFlag(), row.Revision, row.CreatedAt, row.UpdatedAt);

    private static Error ConcurrentEdit(string key) =>
        Error.Conflict(ConcurrentEditCode, $"Flag '{key}' was changed by someone else at the same time; nothing was saved. Reload and try again.");

    internal static Error FlagNotFound(string key) => Error.NotFound("flag-not-found", $"There is no flag '{key}'.");

    private static Error FlagExists(string key) => Error.Conflict("flag-exists", $"A flag with key '{key}' already exists.");
}
