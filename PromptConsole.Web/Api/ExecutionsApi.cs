using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Api;

/// <summary>
/// The request log: <c>GET /api/v1/executions</c> lists recorded executions newest first with
/// the console's filters, <c>GET /api/v1/executions/{id}</c> returns one record in full.
/// </summary>
public static class ExecutionsApi
{
    public static IEndpointRouteBuilder MapExecutionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Executions");
        api.MapGet("/executions", ListAsync)
            .Produces<ExecutionListView>()
            .ProducesProblem(400)
            .WithName("ListExecutions")
            .WithSummary("Recorded executions, newest first")
            .WithDescription(
                "Filters: prompt, version, outcome (success|output_rejected|provider_failed|cancelled), cache (miss|exact|semantic), model, " +
                "origin (api|openai_compatible|console|demo_traffic|golden), from and to (ISO 8601, from inclusive, to exclusive), errorType, traceId, tenant. " +
                $"Paging: skip (default 0) and take (1..{ExecutionQuery.MaxTake}, default {ExecutionQuery.DefaultTake}); total counts every match.");
        api.MapGet("/executions/{id}", GetAsync)
            .Produces<ExecutionDetailView>()
            .ProducesProblem(400).ProducesProblem(404)
            .WithName("GetExecution")
            .WithSummary("One recorded execution, with captured text only when capture was on");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, [AsParameters] ExecutionFilterText filter, IExecutionExplorer explorer, CancellationToken cancellationToken)
    {
        var query = ExecutionFilterParser.Parse(filter);
        if (!query.IsSuccess)
            return query.Error!.ToResult(http);

        var page = await explorer.SearchAsync(query.Value, cancellationToken);
        var view = new ExecutionListView(page.Items.Select(ToView).ToArray(), page.Total, page.Skip, page.Take);
        return TypedResults.Json(view, ApiJsonContext.Default.ExecutionListView);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IExecutionExplorer explorer, IOptions<TracingOptions> tracing, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var executionId))
            return Error.Validation("invalid-execution-id", $"'{id}' is not an execution id.", [new FieldError("id", "An execution id is a GUID.")]).ToResult(http);

        var record = await explorer.FindAsync(executionId, cancellationToken);
        return record is null
            ? Error.NotFound("execution-not-found", $"There is no execution '{executionId}'.").ToResult(http)
            : TypedResults.Json(ToView(record, tracing.Value), ApiJsonContext.Default.ExecutionDetailView);
    }

    private static ExecutionListItemView ToView(ExecutionSummary e) => new(
        e.Id,
        e.StartedAt,
        new PromptRefView(e.PromptKey, e.PromptVersion),
        RouteView.Of(e.RouteKind, e.RouteId, e.RouteArm),
        ExecutionFilterParser.NameOf(e.Origin),
        e.Model,
        e.Simulated,
        ExecutionFilterParser.NameOf(e.Outcome),
        e.ErrorType,
        ExecutionFilterParser.NameOf(e.Cache),
        Math.Round(e.LatencyMs, 3),
        e.Attempts,
        new UsageView(e.InputTokens, e.OutputTokens),
        e.CostUsd,
        e.TraceId,
        e.FeedbackScore,
        e.Tenant);

    private static ExecutionDetailView ToView(ExecutionRecord r, TracingOptions tracing) => new(
        r.Id,
        r.StartedAt,
        new PromptRefView(r.PromptKey, r.PromptVersion),
        RouteView.Of(r.RouteKind, r.RouteId, r.RouteArm),
        ExecutionFilterParser.NameOf(r.Origin),
        r.Model,
        r.Simulated,
        ExecutionFilterParser.NameOf(r.Outcome),
        r.ErrorType,
        ExecutionFilterParser.NameOf(r.Cache),
        Math.Round(r.LatencyMs, 3),
        r.Attempts,
        new UsageView(r.InputTokens, r.OutputTokens),
        r.CostUsd,
        r.InputHash,
        r.OutputHash,
        r.SubjectHash,
        r.TraceId,
        tracing.TraceUrl(r.TraceId),
        r.Stages is { } s ? new StageTimingsView(s.RouteMs, s.RenderMs, s.CacheMs, s.ProviderMs, s.ChecksMs) : null,
        r.FeedbackScore is { } score ? new FeedbackView(score, r.FeedbackAt) : null,
        r.AutomatedScore is { } graded ? new AutomatedScoreView(graded, r.AutomatedEvaluator, r.AutomatedScoreAt) : null,
        r.CapturedInput is { } input ? new CapturedTextView(input, r.CapturedOutput, r.CaptureExpiresAt) : null,
        r.Tenant);
}
