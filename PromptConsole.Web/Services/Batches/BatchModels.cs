using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Execution;

namespace PromptConsole.Web.Services.Batches;

/// <summary>
/// One submitted item, already read from JSON or JSONL. <paramref name="Locator"/> names it in problems
/// (<c>items[3]</c> or <c>line 7</c>); <paramref name="VariablesJson"/> is what gets stored.
/// </summary>
public sealed record BatchItemInput(
    string Locator,
    int? Line,
    IReadOnlyDictionary<string, VariableValue> Variables,
    string VariablesJson,
    string? Subject,
    string? CustomId);

/// <summary>A request to start a job: the items plus which version (pinned or by label), the caller's name for it and the mode.</summary>
public sealed record BatchSubmission(
    string PromptKey,
    IReadOnlyList<BatchItemInput> Items,
    string? Label = null,
    int? Version = null,
    BatchMode Mode = BatchMode.Gateway,
    string? Tenant = null)
{
    /// <summary>The field a size problem names: <c>items</c> for JSON, <c>body</c> for JSONL.</summary>
    public string ItemsField { get; init; } = "items";
}

/// <summary>A job as the API and the console show it: its row plus counts and totals read from its items.</summary>
public sealed record BatchJobSummary(
    Guid Id,
    string PromptKey,
    int Version,
    string? Label,
    BatchMode Mode,
    BatchStatus Status,
    string Model,
    string Provider,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? ExpiresAt,
    string? Error,
    string? ProviderBatchId,
    string? ProviderStatus,
    BatchCounts Counts,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    double? ItemsPerSecond);

/// <summary>One item's result, for the JSONL download and the console's results table.</summary>
public sealed record BatchItemResult(
    int Index,
    string? CustomId,
    BatchItemStatus Status,
    string? Output,
    string? ErrorType,
    string? ErrorMessage,
    Guid? ExecutionId,
    string? Model,
    int InputTokens,
    int OutputTokens,
    decimal CostUsd,
    double? LatencyMs,
    DateTimeOffset? FinishedAt);

public sealed record BatchItemPage(IReadOnlyList<BatchItemResult> Items, int Total);
