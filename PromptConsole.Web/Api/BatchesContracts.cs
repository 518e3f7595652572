using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.Batches;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Api;

/// <summary>
/// <c>POST /api/v1/prompts/{key}/batches</c> as JSON. <c>label</c> and <c>version</c> choose the version as for
/// <c>execute</c> (it is fixed when the job is accepted); <c>mode</c> is <c>gateway</c> (default) or <c>provider-batch</c>.
/// </summary>
public sealed record BatchCreateBody(
    List<BatchItemBody?>? Items,
    string? Label = null,
    int? Version = null,
    string? Mode = null,
    string? Tenant = null);

/// <summary>One item: the variables of one execution, optionally a subject and the caller's own id (echoed in the results).</summary>
public sealed record BatchItemBody(
    Dictionary<string, JsonElement>? Variables,
    string? Subject = null,
    string? CustomId = null);

public sealed record BatchCountsView(int Total, int Succeeded, int Failed, int Cancelled, int Pending);

public sealed record BatchUsageView(long InputTokens, long OutputTokens);

public sealed record BatchProviderView(string? Id, string? Status);

/// <summary>A batch job: where it is, its counts and totals, and where its results are.</summary>
public sealed record BatchView(
    Guid Id,
    string Prompt,
    int Version,
    string? Label,
    string Mode,
    string Status,
    string Model,
    string Provider,
    BatchCountsView Counts,
    double Progress,
    BatchUsageView Usage,
    decimal CostUsd,
    double? ItemsPerSecond,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? ExpiresAt,
    string CreatedBy,
    string? Error,
    BatchProviderView? ProviderBatch,
    string ResultsUrl)
{
    public static BatchView From(BatchJobSummary job) => new(
        job.Id,
        job.PromptKey,
        job.Version,
        job.Label,
        BatchNames.Of(job.Mode),
        BatchNames.Of(job.Status),
        job.Model,
        job.Provider,
        new BatchCountsView(job.Counts.Total, job.Counts.Succeeded, job.Counts.Failed, job.Counts.Cancelled, job.Counts.Pending),
        Math.Round(job.Counts.Progress, 4),
        new BatchUsageView(job.InputTokens, job.OutputTokens),
        job.CostUsd,
        job.ItemsPerSecond is { } rate ? Math.Round(rate, 3) : null,
        job.CreatedAt,
        job.StartedAt,
        job.FinishedAt,
        job.ExpiresAt,
        job.CreatedBy,
        job.Error,
        job.Mode == BatchMode.ProviderBatch ? new BatchProviderView(job.ProviderBatchId, job.ProviderStatus) : null,
        $"/api/v1/batches/{job.Id}/results");
}

public sealed record BatchErrorView(string Type, string? Message);

public sealed record BatchItemUsageView(int InputTokens, int OutputTokens);

/// <summary>One line of the results download. Every field is written, null included, so each line has the same shape.</summary>
public sealed record BatchResultLine(
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? CustomId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Output,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] BatchErrorView? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Guid? ExecutionId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Model,
    BatchItemUsageView Usage,
    decimal CostUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LatencyMs)
{
    public static BatchResultLine From(BatchItemResult item) => new(
        item.Index,
        item.CustomId,
        BatchNames.Of(item.Status),
        item.Output,
        item.ErrorType is null ? null : new BatchErrorView(item.ErrorType, item.ErrorMessage),
        item.ExecutionId,
        item.Model,
        new BatchItemUsageView(item.InputTokens, item.OutputTokens),
        item.CostUsd,
        item.LatencyMs);
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BatchCreateBody))]
[JsonSerializable(typeof(BatchItemBody))]
[JsonSerializable(typeof(List<BatchItemBody?>))]
[JsonSerializable(typeof(BatchView))]
[JsonSerializable(typeof(IReadOnlyList<BatchView>))]
[JsonSerializable(typeof(BatchResultLine))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class BatchJsonContext : JsonSerializerContext;
