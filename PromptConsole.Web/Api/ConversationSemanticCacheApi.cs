using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Api;

/// <summary>
/// The semantic cache of raw conversations on <c>/v1/chat/completions</c> (whole-prompt matching):
/// <c>GET/PUT /api/v1/gateway/semantic-cache</c>. Reading needs a Viewer, changing an Operator (the group's convention);
/// a change is audited, outlives restarts and reaches every instance. Its shadow estimate is
/// <c>GET /api/v1/gateway/semantic-cache/estimate</c>.
/// </summary>
public static class ConversationSemanticCacheApi
{
    public static IEndpointRouteBuilder MapConversationSemanticCacheApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Cache");
        api.MapGet("/gateway/semantic-cache", GetAsync)
            .Produces<ConversationSemanticCacheView>()
            .WithName("GetGatewaySemanticCache");
        api.MapPut("/gateway/semantic-cache", PutAsync).Accepts<ConversationSemanticCacheBody>("application/json")
            .Produces<ConversationSemanticCacheView>().ProducesProblem(400).ProducesProblem(409)
            .WithName("PutGatewaySemanticCache");
        return app;
    }

    private static async Task<IResult> GetAsync(ConversationCacheSettingsStore settings, CancellationToken ct) =>
        TypedResults.Json(ConversationSemanticCacheView.From(await settings.CurrentAsync(ct)), ConversationSemanticCacheJsonContext.Default.ConversationSemanticCacheView);

    private static async Task<IResult> PutAsync(HttpContext http, ConversationCacheSettingsStore settings, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ConversationSemanticCacheJsonContext.Default.ConversationSemanticCacheBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var saved = await settings.ConfigureAsync(body.Value.ToChange(), ApiActor.Of(http), ct);
        return saved.ToResult(s => TypedResults.Json(ConversationSemanticCacheView.From(s), ConversationSemanticCacheJsonContext.Default.ConversationSemanticCacheView), http);
    }
}
