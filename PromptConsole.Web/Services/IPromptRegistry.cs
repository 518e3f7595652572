using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Services;

public sealed record PromptSummary(
    string Key,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    int VersionCount,
    int? LatestVersion,
    IReadOnlyDictionary<string, int> Labels,
    DateTimeOffset UpdatedAt,
    int Revision);

public sealed record CreatePromptCommand(string Key, string Name, string? Description, IReadOnlyList<string>? Tags, VersionDraft? FirstVersion);

public sealed record UpdatePromptCommand(string Name, string? Description, IReadOnlyList<string>? Tags, bool CaptureEnabled, int CaptureRetentionDays, int? ExpectedRevision);

/// <summary>A created version together with the non-blocking warnings its review found.</summary>
public sealed record CreatedVersion(PromptVersion Version, IReadOnlyList<FieldError> Warnings, int Revision);

public sealed record AuditQuery(string? PromptKey = null, int Skip = 0, int Take = 100);

/// <summary>
/// Every change to prompts, versions and labels goes through here, from the console and the
/// management API alike. Changes are checked against the prompt's revision when the caller
/// passes one (<c>expectedRevision</c>), and always against concurrent writers: either way a
/// lost update comes back as a <c>Conflict</c>.
/// </summary>
public interface IPromptRegistry
{
    Task<IReadOnlyList<PromptSummary>> ListAsync(string? search, CancellationToken cancellationToken = default);

    /// <summary>The whole aggregate (versions, labels with history), detached; NotFound when absent.</summary>
    Task<Result<Prompt>> GetAsync(string key, CancellationToken cancellationToken = default);

    Task<Result<Prompt>> CreateAsync(CreatePromptCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<Prompt>> UpdateAsync(string key, UpdatePromptCommand command, string actor, CancellationToken cancellationToken = default);

    /// <summary>Reviews the draft (template syntax, declarations, compile) and adds it as the next version.</summary>
    Task<Result<CreatedVersion>> AddVersionAsync(string key, VersionDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default);

    Task<Result<Label>> DeployAsync(string key, string label, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default);

    Task<Result<Label>> RollbackAsync(string key, string label, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default);

    Task<Result<PromptVersion>> DeprecateAsync(string key, int version, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AuditEvent>> GetAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Switches the prompt's exact response cache on or off and sets its TTL (audited; every instance's snapshot follows).</summary>
    Task<Result<Domain.Caching.ExactCacheSettings>> ConfigureCacheAsync(string key, Domain.Caching.ExactCacheSettings settings, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<Domain.Caching.ExactCacheSettings>>(Error.Conflict("cache-unsupported", "This registry cannot change cache settings."));

    /// <summary>Changes the prompt's semantic cache settings (validated, audited; every instance's snapshot follows).</summary>
    Task<Result<Domain.Caching.SemanticCacheSettings>> ConfigureSemanticCacheAsync(string key, Domain.Caching.SemanticCacheChange change, string actor, CancellationToken cancellationToken = default) =>
        Task.FromResult<Result<Domain.Caching.SemanticCacheSettings>>(Error.Conflict("cache-unsupported", "This registry cannot change cache settings."));
}

/// <summary>
/// The execution hot path's view of prompts: an in-memory snapshot per key, loaded once and
/// replaced whenever the registry changes that prompt.
/// </summary>
public interface IPromptSnapshotStore
{
    ValueTask<PromptSnapshot?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Drops the cached snapshot so the next read loads the committed state.</summary>
    void Invalidate(string key);
}
