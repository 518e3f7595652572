using System.Globalization;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Api;

/// <summary>
/// The semantic cache's shadow results: the false-hit estimate per threshold of a prompt
/// (<c>GET /api/v1/prompts/{key}/semantic-cache/estimate[?version=N]</c>) and of raw conversations on the
/// OpenAI-compatible endpoint (<c>GET /api/v1/gateway/semantic-cache/estimate[?model=M]</c>), and the "wrong cached answer" feedback on a
/// served semantic hit (<c>POST /api/v1/executions/{id}/wrong-cached-answer</c>, by an application with the execute
/// scope or an Operator, audited).
/// </summary>
public static class SemanticCacheEstimateApi
{
    private const int MaxModelLength = 200;

    public static IEndpointRouteBuilder MapSemanticCacheEstimateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Cache");
        api.MapGet("/prompts/{key}/semantic-cache/estimate", EstimateAsync)
            .Produces<SemanticCacheEstimateView>().ProducesProblem(400).ProducesProblem(404)
            .WithName("GetSemanticCacheEstimate");
        api.MapGet("/gateway/semantic-cache/estimate", EstimateConversationsAsync)
            .Produces<SemanticCacheEstimateView>().ProducesProblem(400)
            .WithName("GetGatewaySemanticCacheEstimate");
        api.MapPost("/executions/{id}/wrong-cached-answer", MarkWrongAsync)
            .Produces<WrongCachedAnswerView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .RequireExecuteScopeOr(ConsoleRole.Operator)
            .WithName("MarkWrongCachedAnswer");
        return app;
    }

    private static async Task<IResult> EstimateAsync(string key, HttpContext http, SemanticCacheEstimates estimates, CancellationToken ct)
    {
        int? version = null;
        var text = http.Request.Query["version"];
        if (text.Count > 0)
        {
            if (text.Count > 1 || !int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return Error.Validation("invalid-version", "The version is not valid.",
                    [new FieldError("version", "A version is one positive whole number.")]).ToResult(http);
            }

            version = number;
        }

        var estimate = await estimates.EstimateAsync(key, version, ct);
        return estimate.ToResult(e => TypedResults.Json(ToView(e), SemanticCacheEstimateJsonContext.Default.SemanticCacheEstimateView), http);
    }

    /// <summary>
    /// Raw conversations on <c>/v1/chat/completions</c> (whole-prompt matching): their estimate, under the key <c>_chat</c>;
    /// <c>?model=</c> limits it to the conversations sent to one model (to choose that model's own threshold).
    /// </summary>
    private static async Task<IResult> EstimateConversationsAsync(HttpContext http, SemanticCacheEstimates estimates, CancellationToken ct)
    {
        string? model = null;
        var text = http.Request.Query["model"];
        if (text.Count > 0)
        {
            if (text.Count > 1 || string.IsNullOrWhiteSpace(text[0]) || text[0]!.Length > MaxModelLength)
            {
                return Error.Validation("invalid-model", "The model is not valid.",
                    [new FieldError("model", $"A model is one name of at most {MaxModelLength} characters.")]).ToResult(http);
            }

            model = text[0];
        }

        return TypedResults.Json(ToView(await estimates.EstimateConversationsAsync(model, ct)), SemanticCacheEstimateJsonContext.Default.SemanticCacheEstimateView);
    }

    private static async Task<IResult> MarkWrongAsync(string id, HttpContext http, SemanticCacheEstimates estimates, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var executionId))
        {
            return Error.Validation("invalid-execution-id", $"'{id}' is not an execution id.",
                [new FieldError("id", "An execution id is a GUID.")]).ToResult(http);
        }

        var marked = await estimates.MarkWrongAsync(executionId, ApiActor.Of(http), ct);
        return marked.ToResult(
            row => TypedResults.Json(
                new WrongCachedAnswerView(row.ExecutionId, row.PromptKey, row.PromptVersion, row.Similarity, row.MarkedWrongAt!.Value, row.MarkedWrongBy!),
                SemanticCacheEstimateJsonContext.Default.WrongCachedAnswerView),
            http);
    }

    public static SemanticCacheEstimateView ToView(SemanticCacheEstimate estimate) => new(
        estimate.PromptKey,
        estimate.Version,
        estimate.Model,
        estimate.Estimate.TargetFalseHitRate,
        estimate.Estimate.MinimumSamples,
        estimate.Estimate.RecommendedThreshold,
        [.. estimate.Estimate.Rows.Select(FalseHitRowView.From)]);
}
