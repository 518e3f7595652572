using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Api;

/// <summary>
/// The exact response cache's management: per-prompt settings (<c>GET/PUT /api/v1/prompts/{key}/cache</c>), purges
/// (<c>DELETE /api/v1/prompts/{key}/cache[?version=N]</c>) and every prompt's figures (<c>GET /api/v1/cache</c>).
/// </summary>
public static class CacheApi
{
    public static IEndpointRouteBuilder MapCacheApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Cache");
        api.MapGet("/cache", OverviewAsync).Produces<CacheOverviewView>();
        api.MapGet("/prompts/{key}/cache", GetAsync).Produces<CacheSettingsView>().ProducesProblem(404);
        api.MapPut("/prompts/{key}/cache", PutAsync).Accepts<CacheSettingsBody>("application/json")
            .Produces<CacheSettingsView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/prompts/{key}/cache", PurgeAsync).Produces<CachePurgeView>().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> OverviewAsync(CacheAdministration administration, CancellationToken ct)
    {
        var overview = await administration.OverviewAsync(ct);
        return TypedResults.Json(
            new CacheOverviewView(overview.DistributedTier, overview.RedisConfigured, overview.RedisFailures, overview.PurgesReceived, overview.Prompts.Select(ToView).ToArray())
            {
                LocalTier = new LocalTierView(overview.LocalTier.Entries, overview.LocalTier.MaxBytes, overview.LocalTier.Expired, overview.LocalTier.EvictedForRoom),
            },
            CacheJsonContext.Default.CacheOverviewView);
    }

    private static async Task<IResult> GetAsync(string key, HttpContext http, CacheAdministration administration, CancellationToken ct)
    {
        var state = await administration.GetAsync(key, ct);
        return state.ToResult(s => TypedResults.Json(ToView(s), CacheJsonContext.Default.CacheSettingsView), http);
    }

    private static async Task<IResult> PutAsync(string key, HttpContext http, CacheAdministration administration, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, CacheJsonContext.Default.CacheSettingsBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var state = await administration.ConfigureAsync(key, body.Value.Enabled, body.Value.TtlSeconds, ApiActor.Of(http), ct);
        return state.ToResult(s => TypedResults.Json(ToView(s), CacheJsonContext.Default.CacheSettingsView), http);
    }

    private static async Task<IResult> PurgeAsync(string key, HttpContext http, CacheAdministration administration, CancellationToken ct)
    {
        int? version = null;
        var text = http.Request.Query["version"];
        if (text.Count > 0)
        {
            if (text.Count > 1 || !int.TryParse(text[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return Error.Validation("invalid-version", "The version to purge is not valid.",
                    [new FieldError("version", "A version is one positive whole number.")]).ToResult(http);
            }

            version = number;
        }

        var purge = await administration.PurgeAsync(key, version, ApiActor.Of(http), ct);
        return purge.ToResult(p => TypedResults.Json(new CachePurgeView(p.PromptKey, p.Version, p.Tag, p.PurgedAt), CacheJsonContext.Default.CachePurgeView), http);
    }

    private static CacheSettingsView ToView(PromptCacheState state) =>
        new(state.PromptKey, state.Settings.Enabled, state.Settings.TtlSeconds, CacheFiguresView.From(state.Figures));
}
