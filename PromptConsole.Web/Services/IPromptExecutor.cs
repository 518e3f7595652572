using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Routing;

namespace PromptConsole.Web.Services;

/// <summary>One call of the execution API (or the console's "try it" panel).</summary>
public sealed record ExecuteCommand(
    string PromptKey,
    IReadOnlyDictionary<string, VariableValue> Variables,
    string? Subject = null,
    string? Label = null,
    int? Version = null,
    ExecutionOrigin Origin = ExecutionOrigin.Api)
{
    /// <summary>The caller's tenant: experiment targeting can match on it (attribute <c>tenant</c>).</summary>
    public string? Tenant { get; init; }

    /// <summary>Free request attributes (invariant text) that experiment targeting and assignment see.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>
    /// A golden run judges the answer itself, so it needs it even when the version's output checks reject
    /// it: then the result is a success carrying <see cref="ExecutionResult.CheckFailures"/> (the execution
    /// is still recorded as rejected). Callers of the execution API never set this.
    /// </summary>
    public bool ReturnRejectedOutput { get; init; }

    /// <summary>
    /// <c>Cache-Control: no-cache</c>: the exact cache is not read for this request (a fresh answer is still stored).
    /// </summary>
    public bool BypassCache { get; init; }
}

public sealed record ExecutionUsage(int InputTokens, int OutputTokens);

/// <summary>How an execution ended for its caller. <see cref="Route"/> is null for a raw conversation (no prompt routed it).</summary>
public sealed record ExecutionResult(
    Guid ExecutionId,
    string Output,
    string PromptKey,
    int PromptVersion,
    RouteDecision? Route,
    CacheLevel Cache,
    string Model,
    bool Simulated,
    int Attempts,
    IReadOnlyList<string> ModelsTried,
    ExecutionUsage Usage,
    decimal CostUsd,
    double LatencyMs,
    string? TraceId)
{
    /// <summary>The version's output checks the answer failed; only ever non-empty with <see cref="ExecuteCommand.ReturnRejectedOutput"/>.</summary>
    public IReadOnlyList<OutputCheckFailure> CheckFailures { get; init; } = [];

    /// <summary>How the exact cache took part (<see cref="Caching.ExactCacheStatus"/>): off, miss, bypass, hit-l1, hit-l2 or coalesced.</summary>
    public string CacheStatus { get; init; } = Caching.ExactCacheStatus.Off;
}

/// <summary>
/// Runs managed prompts: resolve route → bind variables → render, then the <see cref="ExecutionPipeline"/>
/// (cache → provider call → output checks → record). Expected failures (unknown prompt, bad variables, rejected output, provider
/// failure) come back as errors; every attempt that reached a version is recorded.
/// </summary>
public interface IPromptExecutor
{
    Task<Result<ExecutionResult>> ExecuteAsync(ExecuteCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same execution as a stream: pieces as the provider sends them when the version has no output checks, else the
    /// checked answer as one piece. A failure before the first piece is an error.
    /// </summary>
    Task<Result<ExecutionStream>> StreamAsync(ExecuteCommand command, CancellationToken cancellationToken = default);
}
