using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Web.Services;

/// <summary>
/// The registry over EF Core. Every change follows one path: load the aggregate, check the
/// caller's expected revision, let the domain decide, save the change and its audit events in
/// one SaveChanges (the prompt's revision is the concurrency token), then drop the cached snapshot.
/// </summary>
public sealed class PromptRegistry(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    IPromptSnapshotStore snapshots,
    ITemplateRenderer templates,
    TimeProvider time) : IPromptRegistry
{
    public const int MaxAuditPage = 1_000;

    public async Task<IReadOnlyList<PromptSummary>> ListAsync(string? search, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Prompts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Keys and tags are stored lower-case by the domain; name and description are lowered in SQL.
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(p =>
                p.Key.Contains(term)
                || p.Name.ToLower().Contains(term)
                || p.Description.ToLower().Contains(term)
                || p.Tags.Any(t => t.Contains(term)));
        }

        var rows = await query
            .OrderBy(p => p.Key)
            .Select(p => new
            {
                p.Key,
                p.Name,
                p.Description,
                p.Tags,
                VersionCount = p.Versions.Count(),
                LatestVersion = p.Versions.Max(v => (int?)v.Number),
                Labels = p.Labels.Where(l => l.VersionNumber != null).Select(l => new { l.Name, l.VersionNumber }).ToList(),
                p.UpdatedAt,
                p.Revision,
            })
            .ToListAsync(cancellationToken);

        return rows
            .Select(r => new PromptSummary(
                r.Key,
                r.Name,
                r.Description,
                r.Tags,
                r.VersionCount,
                r.LatestVersion,
                r.Labels.ToDictionary(l => l.Name, l => l.VersionNumber!.Value, StringComparer.Ordinal),
                r.UpdatedAt,
                r.Revision))
            .ToArray();
    }

    public async Task<Result<Prompt>> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prompt = await db.PromptAggregates.AsNoTracking().FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        return prompt is null ? PromptNotFound(key) : prompt;
    }

    public async Task<Result<Prompt>> CreateAsync(CreatePromptCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.FirstVersion is not null && ReviewDraft(command.FirstVersion) is { Error: { } draftError })
            return draftError;

        var now = time.GetUtcNow();
        var created = Prompt.Create(command.Key, command.Name, command.Description, command.Tags, actor, now);
        if (!created.IsSuccess)
            return created;
        var prompt = created.Value;
        if (command.FirstVersion is not null)
        {
            var first = prompt.AddVersion(command.FirstVersion, actor, now);
            if (!first.IsSuccess)
                return first.Error!;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Prompts.AnyAsync(p => p.Key == prompt.Key, cancellationToken))
            return PromptExists(prompt.Key);

        db.Prompts.Add(prompt);
        var saved = await SaveAsync(db, prompt, cancellationToken);
        if (saved is not null)
            return saved.Code == ConcurrentEditCode ? PromptExists(prompt.Key) : saved;

        snapshots.Invalidate(prompt.Key);
        return prompt;
    }

    public Task<Result<Prompt>> UpdateAsync(string key, UpdatePromptCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ChangeAsync(
            key,
            command.ExpectedRevision,
            (prompt, now) => prompt.UpdateDetails(command.Name, command.Description, command.Tags, command.CaptureEnabled, command.CaptureRetentionDays, actor, now),
            cancellationToken);
    }

    public async Task<Result<CreatedVersion>> AddVersionAsync(string key, VersionDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var reviewed = ReviewDraft(draft);
        if (!reviewed.IsSuccess)
            return reviewed.Error!;

        var warnings = reviewed.Value.Warnings;
        return await ChangeAsync(
            key,
            expectedRevision,
            (prompt, now) => prompt.AddVersion(draft, actor, now).Map(version => new CreatedVersion(version, warnings, prompt.Revision)),
            cancellationToken);
    }

    public Task<Result<Label>> DeployAsync(string key, string label, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, expectedRevision, (prompt, now) => prompt.Deploy(label, version, actor, reason, now), cancellationToken);

    public Task<Result<Label>> RollbackAsync(string key, string label, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, expectedRevision, (prompt, now) => prompt.Rollback(label, actor, reason, now), cancellationToken);

    public Task<Result<PromptVersion>> DeprecateAsync(string key, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, expectedRevision, (prompt, now) => prompt.DeprecateVersion(version, actor, reason, now), cancellationToken);

    public Task<Result<Domain.Caching.ExactCacheSettings>> ConfigureCacheAsync(string key, Domain.Caching.ExactCacheSettings settings, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, null, (prompt, now) => prompt.ConfigureExactCache(settings, actor, now), cancellationToken);

    public Task<Result<Domain.Caching.SemanticCacheSettings>> ConfigureSemanticCacheAsync(string key, Domain.Caching.SemanticCacheChange change, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, null, (prompt, now) => prompt.ConfigureSemanticCache(change, actor, now), cancellationToken);

    public async Task<IReadOnlyList<AuditEvent>> GetAuditAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrEmpty(query.PromptKey))
            events = events.Where(a => a.PromptKey == query.PromptKey);
        return await events
            .OrderByDescending(a => a.At)
            .ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxAuditPage))
            .ToListAsync(cancellationToken);
    }

    private const string ConcurrentEditCode = "concurrent-edit";

    /// <summary>The template's syntax and declarations (domain) and whether the renderer can compile it.</summary>
    private Result<DraftReview> ReviewDraft(VersionDraft draft)
    {
        var review = VersionDraftValidator.Review(draft);
        if (!review.IsValid)
            return Error.Validation("invalid-version", "The version is not valid.", review.Errors);

        var compileErrors = templates.CheckCompiles(draft);
        if (compileErrors.Count > 0)
            return Error.Validation("invalid-version", "The template does not compile.", compileErrors);
        return review;
    }

    private async Task<Result<T>> ChangeAsync<T>(string key, int? expectedRevision, Func<Prompt, DateTimeOffset, Result<T>> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prompt = await db.PromptAggregates.FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (prompt is null)
            return PromptNotFound(key);
        if (expectedRevision is { } expected && expected != prompt.Revision)
        {
            return Error.Conflict(
                "revision-conflict",
                $"Prompt '{key}' is at revision {prompt.Revision}, not {expected}: it was changed by someone else. Reload and try again.");
        }

        var result = change(prompt, time.GetUtcNow());
        if (!result.IsSuccess)
            return result;

        // The domain queues an audit event for every real change; none means nothing changed (e.g. deploying where the label already points).
        if (prompt.PendingAudit.Count == 0)
            return result;

        var saved = await SaveAsync(db, prompt, cancellationToken);
        if (saved is not null)
            return saved;

        snapshots.Invalidate(key);
        return result;
    }

    /// <summary>Saves the change with its audit events; a concurrent writer that got there first comes back as a Conflict.</summary>
    private static async Task<Error?> SaveAsync(PromptConsoleDbContext db, Prompt prompt, CancellationToken cancellationToken)
    {
        db.AuditEvents.AddRange(prompt.PendingAudit);
        if (await db.SaveOrConflictAsync(() => ConcurrentEdit(prompt.Key), cancellationToken) is { } conflict)
            return conflict;

        prompt.ClearPendingAudit();
        return null;
    }

    private static Error ConcurrentEdit(string key) =>
        Error.Conflict(ConcurrentEditCode, $"Prompt '{key}' was changed by someone else at the same time; nothing was saved. Reload and try again.");

    private static Error PromptNotFound(string key) => Error.NotFound("prompt-not-found", $"There is no prompt '{key}'.");

    private static Error PromptExists(string key) => Error.Conflict("prompt-exists", $"A prompt with key '{key}' already exists.");
}
