using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Api;

/// <summary>
/// A prompt's semantic cache settings: <c>GET/PUT /api/v1/prompts/{key}/semantic-cache</c>. The answer shows every
/// declared variable's effective policy, defaults included. Changes are audited and reach every instance.
/// </summary>
public static class SemanticCacheApi
{
    public static IEndpointRouteBuilder MapSemanticCacheApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Cache");
        api.MapGet("/prompts/{key}/semantic-cache", GetAsync).Produces<SemanticCacheView>().ProducesProblem(404);
        api.MapPut("/prompts/{key}/semantic-cache", PutAsync).Accepts<SemanticCacheBody>("application/json")
            .Produces<SemanticCacheView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> GetAsync(string key, HttpContext http, ISemanticCacheConsole administration, CancellationToken ct)
    {
        var state = await administration.GetAsync(key, ct);
        return state.ToResult(s => TypedResults.Json(SemanticCacheView.From(s), SemanticCacheJsonContext.Default.SemanticCacheView), http);
    }

    private static async Task<IResult> PutAsync(string key, HttpContext http, ISemanticCacheConsole administration, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, SemanticCacheJsonContext.Default.SemanticCacheBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var state = await administration.ConfigureAsync(key, body.Value.ToChange(), ApiActor.Of(http), ct);
        return state.ToResult(s => TypedResults.Json(SemanticCacheView.From(s), SemanticCacheJsonContext.Default.SemanticCacheView), http);
    }
}
