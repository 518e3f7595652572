using PromptConsole.Domain.Common;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Services.GoldenSets;

/// <summary>One case's outcome in a run: pass/fail, every failed expectation, and the answer it judged.</summary>
public sealed record GoldenCaseResult(
    Guid CaseId,
    string CaseName,
    bool Passed,
    string? Output,
    double LatencyMs,
    Guid? ExecutionId,
    IReadOnlyList<GoldenFailure> Failures);

/// <summary>A golden run; <see cref="Version"/> is null for a run of an unsaved draft.</summary>
public sealed record GoldenRun(
    Guid Id,
    string PromptKey,
    int? Version,
    bool Passed,
    int CaseCount,
    int FailedCount,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    string Actor,
    IReadOnlyList<GoldenCaseResult> Results)
{
    public bool IsDraft => Version is null;
}

/// <summary>
/// A prompt's golden set: its reference cases, runs of a saved version or an unsaved draft through the
/// real pipeline, and whether a passing run is required before release. Every change is audited; the API
/// and the console both go through here.
/// </summary>
public interface IGoldenSetService
{
    Task<Result<IReadOnlyList<GoldenCase>>> ListCasesAsync(string promptKey, CancellationToken cancellationToken = default);

    Task<Result<GoldenCase>> GetCaseAsync(string promptKey, Guid id, CancellationToken cancellationToken = default);

    Task<Result<GoldenCase>> CreateCaseAsync(string promptKey, GoldenCaseDraft draft, string actor, CancellationToken cancellationToken = default);

    Task<Result<GoldenCase>> UpdateCaseAsync(string promptKey, Guid id, GoldenCaseDraft draft, string actor, CancellationToken cancellationToken = default);

    Task<Result<GoldenCase>> DeleteCaseAsync(string promptKey, Guid id, string actor, CancellationToken cancellationToken = default);

    /// <summary>Runs every case against the saved <paramref name="version"/> (pinned, so never on a canary or experiment route).</summary>
    Task<Result<GoldenRun>> RunVersionAsync(string promptKey, int version, string actor, CancellationToken cancellationToken = default);

    /// <summary>Runs every case against an unsaved draft: render, provider call and output checks, nothing saved as a version.</summary>
    Task<Result<GoldenRun>> RunDraftAsync(string promptKey, VersionDraft draft, string actor, CancellationToken cancellationToken = default);

    /// <summary>Newest first, without per-case results; only runs of <paramref name="version"/> when given.</summary>
    Task<Result<IReadOnlyList<GoldenRun>>> ListRunsAsync(string promptKey, int? version = null, CancellationToken cancellationToken = default);

    Task<Result<GoldenRun>> GetRunAsync(string promptKey, Guid id, CancellationToken cancellationToken = default);

    Task<Result<bool>> GetRequireGoldenPassAsync(string promptKey, CancellationToken cancellationToken = default);

    Task<Result<bool>> SetRequireGoldenPassAsync(string promptKey, bool requireGoldenPass, string actor, CancellationToken cancellationToken = default);
}
