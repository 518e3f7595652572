using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Api;

/// <summary>
/// Batch jobs: many variable sets of one prompt run in the background (JSON or JSONL upload), their progress, their
/// results as JSONL, and cancelling. Applications call it with an <c>execute</c> key; people with Viewer/Operator.
/// </summary>
public static class BatchesApi
{
    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var maxBody = app.ServiceProvider.GetRequiredService<IOptions<BatchOptions>>().Value.MaxBodyBytes;
        var api = app.MapGroup("/api/v1").WithTags("Batches");
        api.MapPost("/prompts/{key}/batches", CreateAsync)
            .Accepts<BatchCreateBody>("application/json", BatchRequestReader.JsonLinesMediaTypes)
            .Produces<BatchView>(202).ProducesProblem(400).ProducesProblem(404).ProducesProblem(413)
            .WithMetadata(new BatchBodySizeLimit(maxBody))
            .RequireExecuteScopeOr(ConsoleRole.Operator)
            .WithName("CreateBatch");
        api.MapGet("/batches", ListAsync).Produces<IReadOnlyList<BatchView>>().ProducesProblem(400)
            .RequireExecuteScopeOr(ConsoleRole.Viewer);
        api.MapGet("/batches/{id}", GetAsync).Produces<BatchView>().ProducesProblem(404)
            .RequireExecuteScopeOr(ConsoleRole.Viewer);
        api.MapGet("/batches/{id}/results", ResultsAsync).Produces(200, contentType: "application/jsonl").ProducesProblem(404)
            .RequireExecuteScopeOr(ConsoleRole.Viewer);
        api.MapPost("/batches/{id}/cancel", CancelAsync).Produces<BatchView>().ProducesProblem(404).ProducesProblem(409)
            .RequireExecuteScopeOr(ConsoleRole.Operator);
        return app;
    }

    private static async Task<IResult> CreateAsync(string key, HttpContext http, IBatchService batches, IOptions<BatchOptions> options, CancellationToken ct)
    {
        var maxItems = options.Value.MaxItems;
        var submission = BatchRequestReader.IsJsonLines(http.Request)
            ? await BatchRequestReader.ReadJsonLinesAsync(key, http, maxItems, ct)
            : await BatchRequestReader.ReadJsonAsync(key, http, maxItems, ct);
        if (!submission.IsSuccess)
            return submission.Error!.ToResult(http);

        var created = await batches.CreateAsync(submission.Value, ApiActor.Of(http), ct);
        return created.ToResult(
            job =>
            {
                http.Response.Headers.Location = $"/api/v1/batches/{job.Id}";
                return TypedResults.Json(BatchView.From(job), BatchJsonContext.Default.BatchView, statusCode: StatusCodes.Status202Accepted);
            },
            http);
    }

    private static async Task<IResult> ListAsync(string? prompt, string? status, string? limit, HttpContext http, IBatchService batches, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        BatchStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            wanted = BatchNames.ParseStatus(status);
            if (wanted is null)
                errors.Add(new FieldError("status", "One of queued, running, completed, cancelled, failed."));
        }

        var take = QueryValues.Take(limit, 100, 500, errors);
        if (errors.Count > 0)
            return Error.Validation("invalid-query", "The query has invalid values.", errors).ToResult(http);
        var jobs = await batches.ListAsync(prompt, wanted, take, ct);
        return TypedResults.Json<IReadOnlyList<BatchView>>(jobs.Select(BatchView.From).ToArray(), BatchJsonContext.Default.IReadOnlyListBatchView);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IBatchService batches, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var batchId))
            return InvalidId(id).ToResult(http);
        var job = await batches.GetAsync(batchId, ct);
        return job is null
            ? BatchService.NotFound(batchId).ToResult(http)
            : TypedResults.Json(BatchView.From(job), BatchJsonContext.Default.BatchView);
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http, IBatchService batches, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var batchId))
            return InvalidId(id).ToResult(http);
        var result = await batches.CancelAsync(batchId, ApiActor.Of(http), ct);
        return result.ToResult(job => TypedResults.Json(BatchView.From(job), BatchJsonContext.Default.BatchView), http);
    }

    /// <summary>One JSON object per line, in item order, streamed page by page.</summary>
    private static async Task<IResult> ResultsAsync(string id, HttpContext http, IBatchService batches, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var batchId))
            return InvalidId(id).ToResult(http);
        if (await batches.GetAsync(batchId, ct) is null)
            return BatchService.NotFound(batchId).ToResult(http);

        return TypedResults.Stream(
            async stream =>
            {
                await foreach (var item in batches.ReadResultsAsync(batchId, http.RequestAborted))
                {
                    var line = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(BatchResultLine.From(item), BatchJsonContext.Default.BatchResultLine);
                    await stream.WriteAsync(line, http.RequestAborted);
                    await stream.WriteAsync(NewLine, http.RequestAborted);
                }
            },
            "application/jsonl; charset=utf-8",
            $"batch-{batchId}.jsonl");
    }

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private static Error InvalidId(string id) =>
        Error.Validation("invalid-batch-id", $"'{id}' is not a batch id.", [new FieldError("id", "A batch id is a GUID.")]);

    /// <summary>Batch uploads may be larger than other API bodies (<see cref="BatchOptions.MaxBodyBytes"/>); the size-limit middleware reads this.</summary>
    private sealed class BatchBodySizeLimit(long bytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = bytes;
    }
}
