using System.Text;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Api;

/// <summary>
/// SLOs: CRUD, the status now (budget, burn rates, what burns, open alerts), the burn chart and the SLOs as
/// Prometheus rules. Ids are GUIDs; anything else is not an SLO (404), and the literal
/// <c>prometheus-rules</c> never collides with an id.
/// </summary>
public static class SlosApi
{
    public const string PrometheusRulesContentType = "text/yaml";

    public static IEndpointRouteBuilder MapSlosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/slos").WithTags("SLOs");

        api.MapGet("/", ListAsync).Produces<IReadOnlyList<SloView>>();
        api.MapPost("/", CreateAsync).Accepts<SloBody>("application/json")
            .Produces<SloView>(201).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/prometheus-rules", PrometheusRulesAsync).Produces<string>(contentType: PrometheusRulesContentType);
        api.MapGet("/{id:guid}", GetAsync).Produces<SloView>().ProducesProblem(404);
        api.MapPut("/{id:guid}", UpdateAsync).Accepts<SloBody>("application/json")
            .Produces<SloView>().ProducesProblem(400).ProducesProblem(404);
        api.MapDelete("/{id:guid}", DeleteAsync).Produces(204).ProducesProblem(404);
        api.MapGet("/{id:guid}/status", StatusAsync).Produces<SloStatusView>().ProducesProblem(404);
        api.MapGet("/{id:guid}/burn", BurnAsync).Produces<SloBurnView>().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> ListAsync(ISloService slos, CancellationToken ct) =>
        TypedResults.Json(await slos.ListAsync(ct), SlosJsonContext.Default.IReadOnlyListSloView);

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, ISloService slos, CancellationToken ct) =>
        (await slos.GetAsync(id, ct)).ToResult(Ok, http);

    private static async Task<IResult> CreateAsync(HttpContext http, ISloService slos, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, SlosJsonContext.Default.SloBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await slos.CreateAsync(body.Value.ToCommand(), ApiActor.Of(http), ct);
        return result.ToResult(
            slo =>
            {
                http.Response.Headers.Location = $"/api/v1/slos/{slo.Id}";
                return TypedResults.Json(slo, SlosJsonContext.Default.SloView, statusCode: StatusCodes.Status201Created);
            },
            http);
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext http, ISloService slos, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, SlosJsonContext.Default.SloBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        return (await slos.UpdateAsync(id, body.Value.ToCommand(), ApiActor.Of(http), ct)).ToResult(Ok, http);
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, ISloService slos, CancellationToken ct) =>
        (await slos.DeleteAsync(id, ApiActor.Of(http), ct)).ToResult(_ => TypedResults.NoContent(), http);

    private static async Task<IResult> StatusAsync(Guid id, HttpContext http, ISloService slos, CancellationToken ct) =>
        (await slos.GetStatusAsync(id, ct)).ToResult(status => TypedResults.Json(status, SlosJsonContext.Default.SloStatusView), http);

    private static async Task<IResult> BurnAsync(Guid id, string? range, HttpContext http, ISloService slos, CancellationToken ct)
    {
        var text = string.IsNullOrWhiteSpace(range) ? "24h" : range.Trim();
        var length = MetricsWindowSpec.Parse(text, "range");
        if (!length.IsSuccess)
            return length.Error!.ToResult(http);

        var points = await slos.GetBurnSeriesAsync(id, length.Value, ct);
        return points.ToResult(p => TypedResults.Json(new SloBurnView(id, text, p), SlosJsonContext.Default.SloBurnView), http);
    }

    private static async Task<IResult> PrometheusRulesAsync(ISloService slos, CancellationToken ct) =>
        TypedResults.Text(await slos.GetPrometheusRulesAsync(ct), PrometheusRulesContentType, Encoding.UTF8);

    private static IResult Ok(SloView slo) => TypedResults.Json(slo, SlosJsonContext.Default.SloView);
}
