using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// One event of a prompt's incident timeline. <paramref name="Kind"/>: <c>deploy</c>, <c>rollback</c>,
/// <c>automatic-rollback</c>, <c>stood-down</c>, <c>recovery</c>, <c>canary</c> (start, step, pause, resume,
/// promote, abort), <c>golden-run</c>, <c>golden-override</c>, <c>experiment</c>, <c>kill-switch</c>, <c>alert</c> (fired, acknowledged, escalated, resolved).
/// <paramref name="Details"/> carries what the kind has to show (versions, step, snapshot figures).
/// </summary>
public sealed record IncidentEntry(
    DateTimeOffset At,
    string Kind,
    string Action,
    string Actor,
    string Summary,
    string? Reason,
    string Target,
    IReadOnlyDictionary<string, string>? Details);

/// <summary>A prompt's deploys, canary steps and decisions, rollbacks (with snapshots), golden runs — who did what, newest first.</summary>
public interface IIncidentTimeline
{
    Task<Result<IReadOnlyList<IncidentEntry>>> GetAsync(string promptKey, DateTimeOffset? since = null, int take = 200, CancellationToken cancellationToken = default);
}
