using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Flags;

namespace PromptConsole.Web.Services.Flags;

/// <summary>A stored flag with the bookkeeping the console shows. <paramref name="Revision"/> is what <c>expectedRevision</c> compares with.</summary>
public sealed record FlagRecord(FeatureFlag Flag, int Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Every change to feature flags goes through here, from the console and the management API alike.
/// Bodies are checked by <see cref="FlagValidator"/> (errors name the body field, e.g. <c>rollout[1].to</c>);
/// each real change writes one audit event (target <c>flag:{key}</c>; a kill switch's event carries its
/// prompt's key so it shows in that prompt's audit), drops the cached flag definitions and, for a kill
/// switch, the guarded prompt's snapshot, so the next execution already routes by the new state.
/// Errors: <c>Validation</c> (400), <c>NotFound</c> <c>flag-not-found</c> (404), <c>Conflict</c>
/// <c>flag-exists</c>, <c>revision-conflict</c> or <c>concurrent-edit</c> (409).
/// </summary>
public interface IFlagRegistry
{
    /// <summary>All flags, ordered by key.</summary>
    Task<IReadOnlyList<FlagRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task<Result<FlagRecord>> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Creates a flag from the body; a duplicate key is a <c>flag-exists</c> conflict.</summary>
    Task<Result<FlagRecord>> CreateAsync(FlagDraft draft, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the flag's whole state with the body (the key cannot change: a body key other than
    /// <paramref name="key"/> is a validation error on <c>key</c>). With <paramref name="expectedRevision"/>
    /// the flag must still be at that revision.
    /// </summary>
    Task<Result<FlagRecord>> UpdateAsync(string key, FlagDraft draft, int? expectedRevision, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// The one-click switch: turns the flag on or off and changes nothing else. Switching to the state
    /// it already has changes nothing and writes no audit event. For a kill switch, on means all of the
    /// prompt's traffic goes to the safe version from the next request.
    /// </summary>
    Task<Result<FlagRecord>> SetEnabledAsync(string key, bool enabled, string? reason, int? expectedRevision, string actor, CancellationToken cancellationToken = default);

    /// <summary>Deletes the flag; returns what was deleted.</summary>
    Task<Result<FlagRecord>> DeleteAsync(string key, int? expectedRevision, string actor, CancellationToken cancellationToken = default);

    /// <summary>The flag's audit events, newest first (also after the flag was deleted).</summary>
    Task<IReadOnlyList<AuditEvent>> GetAuditAsync(string key, int skip = 0, int take = 100, CancellationToken cancellationToken = default);
}
