using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Api;

/// <summary>The experiments management API: the same service operations the console performs.</summary>
public static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/experiments").WithTags("Experiments");

        api.MapGet("", ListAsync).Produces<IReadOnlyList<ExperimentView>>();
        api.MapPost("", CreateAsync).Accepts<ExperimentBody>("application/json")
            .Produces<ExperimentView>(201).ProducesProblem(400).ProducesProblem(409);
        api.MapGet("/{key}", GetAsync).Produces<ExperimentView>().ProducesProblem(404);
        api.MapPut("/{key}", UpdateAsync).Accepts<ExperimentBody>("application/json")
            .Produces<ExperimentView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{key}/start", (string key, HttpContext http, IExperimentService s, CancellationToken ct) => ChangeAsync(http, s.StartAsync(key, ApiActor.Of(http), ct)))
            .Produces<ExperimentView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{key}/pause", (string key, HttpContext http, IExperimentService s, CancellationToken ct) => ChangeAsync(http, s.PauseAsync(key, ApiActor.Of(http), ct)))
            .Produces<ExperimentView>().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{key}/resume", (string key, HttpContext http, IExperimentService s, CancellationToken ct) => ChangeAsync(http, s.ResumeAsync(key, ApiActor.Of(http), ct)))
            .Produces<ExperimentView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{key}/stop", StopAsync).Accepts<StopExperimentBody>("application/json")
            .Produces<ExperimentView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{key}/allocation", AllocateAsync).Accepts<AllocationBody>("application/json")
            .Produces<ExperimentView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/{key}/results", ResultsAsync).Produces<ExperimentResults>().ProducesProblem(404);
        api.MapGet("/{key}/sample-size", SampleSizeAsync).Produces<SampleSizeEstimate>().ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/{key}/report.json", ReportJsonAsync).Produces<ExperimentReportView>().ProducesProblem(404);
        api.MapGet("/{key}/report.md", ReportMarkdownAsync).Produces<string>(200, "text/markdown").ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> ListAsync(string? prompt, IExperimentService service, CancellationToken ct)
    {
        var experiments = await service.ListAsync(prompt, ct);
        return TypedResults.Json<IReadOnlyList<ExperimentView>>(experiments.Select(ExperimentView.From).ToArray(), ExperimentsJsonContext.Default.IReadOnlyListExperimentView);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ExperimentsJsonContext.Default.ExperimentBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await service.CreateAsync(body.Value.ToDraft(), ApiActor.Of(http), ct);
        return result.ToResult(
            d => new CreatedAt($"/api/v1/experiments/{d.Key}", TypedResults.Json(ExperimentView.From(d), ExperimentsJsonContext.Default.ExperimentView, statusCode: 201)),
            http);
    }

    private static async Task<IResult> GetAsync(string key, HttpContext http, IExperimentService service, CancellationToken ct) =>
        View(await service.GetAsync(key, ct), http);

    private static async Task<IResult> UpdateAsync(string key, HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ExperimentsJsonContext.Default.ExperimentBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return View(await service.UpdateDraftAsync(key, body.Value.ToDraft(), ApiActor.Of(http), ct), http);
    }

    private static async Task<IResult> StopAsync(string key, HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ExperimentsJsonContext.Default.StopExperimentBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var command = new StopExperimentCommand(body.Value.Decision, body.Value.Arm, body.Value.Reason);
        return View(await service.StopAsync(key, command, ApiActor.Of(http), ct), http);
    }

    private static async Task<IResult> AllocateAsync(string key, HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ExperimentsJsonContext.Default.AllocationBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var command = new ReallocateExperimentCommand(
            body.Value.Arms?.Select(a => new ArmWeight(a.Name, a.Weight)).ToArray(), body.Value.Coverage, body.Value.Confirm ?? false);
        return View(await service.ReallocateAsync(key, command, ApiActor.Of(http), ct), http);
    }

    private static async Task<IResult> ResultsAsync(string key, HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var results = await service.GetResultsAsync(key, ct);
        return results.ToResult(r => TypedResults.Json(r, ExperimentsJsonContext.Default.ExperimentResults), http);
    }

    private static async Task<IResult> SampleSizeAsync(
        string key, double? baselineRate, double? baselineMean, double? variance, double? mde, double? alpha, double? power,
        HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var estimate = await service.EstimateSampleSizeAsync(key, new SampleSizeQuery(baselineRate, baselineMean, variance, mde, alpha, power), ct);
        return estimate.ToResult(e => TypedResults.Json(e, ExperimentsJsonContext.Default.SampleSizeEstimate), http);
    }

    private static async Task<IResult> ReportJsonAsync(string key, HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var report = await service.GetReportAsync(key, ct);
        return report.ToResult(
            r =>
            {
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{key}-report.json\"";
                var view = new ExperimentReportView(ExperimentView.From(r.Details), r.Results, r.Audit.Select(AuditEventView.From).ToArray());
                return TypedResults.Json(view, ExperimentsJsonContext.Default.ExperimentReportView);
            },
            http);
    }

    private static async Task<IResult> ReportMarkdownAsync(string key, HttpContext http, IExperimentService service, CancellationToken ct)
    {
        var report = await service.GetReportAsync(key, ct);
        return report.ToResult(
            r =>
            {
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{key}-report.md\"";
                return TypedResults.Text(ExperimentReportWriter.Markdown(r), "text/markdown; charset=utf-8");
            },
            http);
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, Task<Result<ExperimentDetails>> change) => View(await change, http);

    private static IResult View(Result<ExperimentDetails> result, HttpContext http) =>
        result.ToResult(d => TypedResults.Json(ExperimentView.From(d), ExperimentsJsonContext.Default.ExperimentView), http);

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
