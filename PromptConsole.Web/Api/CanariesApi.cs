using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Api;

/// <summary>The canary management API: the same service operations the console performs.</summary>
public static class CanariesApi
{
    public static IEndpointRouteBuilder MapCanariesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/prompts/{key}/canaries").WithTags("Canaries");

        api.MapGet("", ListAsync).Produces<IReadOnlyList<CanaryView>>().ProducesProblem(404);
        api.MapPost("", StartAsync).Accepts<StartCanaryBody>("application/json")
            .Produces<CanaryView>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/current", CurrentAsync).Produces<CanaryView>().ProducesProblem(404);
        api.MapPost("/current/promote", (string key, HttpContext http, ICanaryService s, CancellationToken ct) =>
                ActAsync(http, reason => s.PromoteAsync(key, reason, ApiActor.Of(http), ct), ct))
            .Accepts<CanaryActionBody>("application/json").Produces<CanaryView>().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/current/pause", (string key, HttpContext http, ICanaryService s, CancellationToken ct) =>
                ActAsync(http, reason => s.PauseAsync(key, reason, ApiActor.Of(http), ct), ct))
            .Accepts<CanaryActionBody>("application/json").Produces<CanaryView>().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/current/resume", (string key, HttpContext http, ICanaryService s, CancellationToken ct) =>
                ActAsync(http, reason => s.ResumeAsync(key, reason, ApiActor.Of(http), ct), ct))
            .Accepts<CanaryActionBody>("application/json").Produces<CanaryView>().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/current/abort", (string key, HttpContext http, ICanaryService s, CancellationToken ct) =>
                ActAsync(http, reason => s.AbortAsync(key, reason, ApiActor.Of(http), ct), ct))
            .Accepts<CanaryActionBody>("application/json").Produces<CanaryView>().ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> ListAsync(string key, HttpContext http, ICanaryService service, CancellationToken ct)
    {
        var canaries = await service.ListAsync(key, ct);
        return canaries.ToResult(
            list => TypedResults.Json<IReadOnlyList<CanaryView>>(list.Select(CanaryView.From).ToArray(), CanariesJsonContext.Default.IReadOnlyListCanaryView),
            http);
    }

    private static async Task<IResult> StartAsync(string key, HttpContext http, ICanaryService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, CanariesJsonContext.Default.StartCanaryBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var command = body.Value.ToCommand();
        if (!command.IsSuccess)
            return command.Error!.ToResult(http);

        var result = await service.StartAsync(key, command.Value, ApiActor.Of(http), ct);
        return result.ToResult(
            d => new CreatedAt($"/api/v1/prompts/{key}/canaries/current", TypedResults.Json(CanaryView.From(d), CanariesJsonContext.Default.CanaryView, statusCode: 201)),
            http);
    }

    private static async Task<IResult> CurrentAsync(string key, HttpContext http, ICanaryService service, CancellationToken ct) =>
        View(await service.GetCurrentAsync(key, ct), http);

    /// <summary>The body is optional: none, empty or <c>{ "reason": "…" }</c>.</summary>
    private static async Task<IResult> ActAsync(HttpContext http, Func<string?, Task<Result<CanaryDetails>>> act, CancellationToken ct)
    {
        string? reason = null;
        if (http.Request.ContentLength is null or > 0 && http.Request.HasJsonContentType())
        {
            var body = await RequestBody.ReadAsync(http.Request, CanariesJsonContext.Default.CanaryActionBody, ct);
            if (!body.IsSuccess)
                return body.Error!.ToResult(http);
            reason = body.Value.Reason;
        }

        return View(await act(reason), http);
    }

    private static IResult View(Result<CanaryDetails> result, HttpContext http) =>
        result.ToResult(d => TypedResults.Json(CanaryView.From(d), CanariesJsonContext.Default.CanaryView), http);

    /// <summary>A 201 with a Location header around a JSON body written with the source-generated context.</summary>
    private sealed class CreatedAt(string location, IResult json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return json.ExecuteAsync(httpContext);
        }
    }
}
