using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Routing;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Api;

public static class ExecutionApi
{
    public const string RateLimitPolicy = "execution";

    public static IEndpointRouteBuilder MapExecutionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Execution");
        api.MapPost("/prompts/{key}/execute", ExecuteAsync)
            .Accepts<ExecuteRequest>("application/json")
            .Produces<ExecuteResponse>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(422).ProducesProblem(502).ProducesProblem(503)
            .RequireRateLimiting(RateLimitPolicy)
            .RequireScope(ApiKeyScopes.Execute)
            .AddEndpointFilter(UsageLimitFilter.Standard).ProducesProblem(429)
            .WithName("ExecutePrompt");
        api.MapPost("/executions/{id}/feedback", FeedbackAsync)
            .Accepts<FeedbackRequest>("application/json")
            .Produces<FeedbackResponse>()
            .ProducesProblem(400).ProducesProblem(404)
            .RequireScope(ApiKeyScopes.Execute)
            .WithName("RecordFeedback");
        api.MapPost("/executions/{id}/scores", ScoreAsync)
            .Accepts<ScoreRequest>("application/json")
            .Produces<ScoreResponse>()
            .ProducesProblem(400).ProducesProblem(404)
            .RequireScope(ApiKeyScopes.Execute)
            .WithName("RecordAutomatedScore");
        return app;
    }

    private static async Task<IResult> ExecuteAsync(string key, HttpContext http, IPromptExecutor executor, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.ExecuteRequest, cancellationToken);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var request = body.Value;
        var attributes = RequestAttributeValues.FromJson(request.Attributes);
        if (!attributes.IsSuccess)
            return attributes.Error!.ToResult(http);

        var command = new ExecuteCommand(key, VariableValues.FromJson(request.Variables), request.Subject, request.Label, request.Version)
        {
            Tenant = CallerTenant.Of(http, request.Tenant),
            Attributes = attributes.Value,
            BypassCache = CacheControl.AsksForFreshAnswer(http.Request),
        };
        var result = await executor.ExecuteAsync(command, cancellationToken);
        if (!result.IsSuccess)
            RecorderRetryAfter.AddTo(http, result.Error!);
        else
            http.Response.Headers[ExactCacheStatus.HeaderName] = result.Value.CacheStatus;
        return result.ToResult(r => TypedResults.Json(ToResponse(r), ApiJsonContext.Default.ExecuteResponse), http);
    }

    private static async Task<IResult> FeedbackAsync(string id, HttpContext http, ExecutionFeedback feedback, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var executionId))
            return InvalidExecutionId(id).ToResult(http);

        var body = await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.FeedbackRequest, cancellationToken);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        if (body.Value.Score is not { } score || !ExecutionRecord.IsValidFeedbackScore(score))
        {
            return Error.Validation(
                "invalid-feedback",
                $"A feedback score from {ExecutionRecord.MinFeedbackScore} to {ExecutionRecord.MaxFeedbackScore} is required.",
                [new FieldError("score", body.Value.Score is null ? "The score is missing." : $"{body.Value.Score} is outside 1..5.")]).ToResult(http);
        }

        var accepted = await feedback.SubmitAsync(executionId, score, cancellationToken);
        return accepted == FeedbackAcceptance.Accepted
            ? TypedResults.Json(new FeedbackResponse(executionId, score), ApiJsonContext.Default.FeedbackResponse)
            : Error.NotFound("execution-not-found", $"There is no execution '{executionId}'.").ToResult(http);
    }

    /// <summary>An automated grade (LLM judge, eval suite) on its own 0..1 scale, kept apart from people's feedback.</summary>
    private static async Task<IResult> ScoreAsync(string id, HttpContext http, ExecutionFeedback feedback, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var executionId))
            return InvalidExecutionId(id).ToResult(http);

        var body = await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.ScoreRequest, cancellationToken);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var score = AutomatedScore.Create(body.Value.Value, body.Value.Evaluator);
        if (!score.IsSuccess)
            return score.Error!.ToResult(http);

        var accepted = await feedback.SubmitAutomatedAsync(executionId, score.Value, cancellationToken);
        return accepted == FeedbackAcceptance.Accepted
            ? TypedResults.Json(new ScoreResponse(executionId, score.Value.Value, score.Value.Evaluator), ApiJsonContext.Default.ScoreResponse)
            : Error.NotFound("execution-not-found", $"There is no execution '{executionId}'.").ToResult(http);
    }

    private static Error InvalidExecutionId(string id) =>
        Error.Validation("invalid-execution-id", $"'{id}' is not an execution id.", [new FieldError("id", "An execution id is a GUID.")]);

    private static ExecuteResponse ToResponse(ExecutionResult r) => new(
        r.ExecutionId,
        r.Output,
        new PromptRefView(r.PromptKey, r.PromptVersion),
        RouteView.Of(r.Route)!, // a managed prompt's execution always has its route
        r.Cache.ToString().ToLowerInvariant(),
        r.Model,
        r.Simulated,
        r.Attempts,
        r.ModelsTried,
        new UsageView(r.Usage.InputTokens, r.Usage.OutputTokens),
        r.CostUsd,
        Math.Round(r.LatencyMs, 3),
        r.TraceId)
    {
        CacheStatus = r.CacheStatus,
    };
}
