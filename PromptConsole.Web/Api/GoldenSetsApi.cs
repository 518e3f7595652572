using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.GoldenSets;

namespace PromptConsole.Web.Api;

/// <summary>The golden-sets API: a prompt's reference cases, runs against a version or a draft, and the release policy.</summary>
public static class GoldenSetsApi
{
    public static IEndpointRouteBuilder MapGoldenSetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/prompts/{key}").WithTags("Golden sets");

        api.MapGet("/golden-cases", ListCasesAsync).Produces<IReadOnlyList<GoldenCaseView>>().ProducesProblem(404);
        api.MapPost("/golden-cases", CreateCaseAsync).Accepts<GoldenCaseBody>("application/json")
            .Produces<GoldenCaseView>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/golden-cases/{id:guid}", GetCaseAsync).Produces<GoldenCaseView>().ProducesProblem(404);
        api.MapPut("/golden-cases/{id:guid}", UpdateCaseAsync).Accepts<GoldenCaseBody>("application/json")
            .Produces<GoldenCaseView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/golden-cases/{id:guid}", DeleteCaseAsync).Produces(204).ProducesProblem(404);

        api.MapPost("/golden-runs", RunAsync).Accepts<GoldenRunBody>("application/json")
            .Produces<GoldenRunView>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/golden-runs", ListRunsAsync).Produces<IReadOnlyList<GoldenRunView>>().ProducesProblem(404);
        api.MapGet("/golden-runs/{id:guid}", GetRunAsync).Produces<GoldenRunView>().ProducesProblem(404);

        api.MapGet("/golden-policy", GetPolicyAsync).Produces<GoldenPolicyView>().ProducesProblem(404);
        api.MapPut("/golden-policy", SetPolicyAsync).Accepts<GoldenPolicyBody>("application/json")
            .Produces<GoldenPolicyView>().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> ListCasesAsync(string key, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var cases = await service.ListCasesAsync(key, ct);
        return cases.ToResult(
            c => TypedResults.Json<IReadOnlyList<GoldenCaseView>>(c.Select(GoldenCaseView.From).ToArray(), GoldenSetsJsonContext.Default.IReadOnlyListGoldenCaseView), http);
    }

    private static async Task<IResult> GetCaseAsync(string key, Guid id, HttpContext http, IGoldenSetService service, CancellationToken ct) =>
        CaseView(await service.GetCaseAsync(key, id, ct), http);

    private static async Task<IResult> CreateCaseAsync(string key, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, GoldenSetsJsonContext.Default.GoldenCaseBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var created = await service.CreateCaseAsync(key, body.Value.ToDraft(), ApiActor.Of(http), ct);
        return created.ToResult(
            c =>
            {
                http.Response.Headers.Location = $"/api/v1/prompts/{key}/golden-cases/{c.Id}";
                return TypedResults.Json(GoldenCaseView.From(c), GoldenSetsJsonContext.Default.GoldenCaseView, statusCode: 201);
            },
            http);
    }

    private static async Task<IResult> UpdateCaseAsync(string key, Guid id, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, GoldenSetsJsonContext.Default.GoldenCaseBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return CaseView(await service.UpdateCaseAsync(key, id, body.Value.ToDraft(), ApiActor.Of(http), ct), http);
    }

    private static async Task<IResult> DeleteCaseAsync(string key, Guid id, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var deleted = await service.DeleteCaseAsync(key, id, ApiActor.Of(http), ct);
        return deleted.ToResult(_ => TypedResults.NoContent(), http);
    }

    private static async Task<IResult> RunAsync(string key, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, GoldenSetsJsonContext.Default.GoldenRunBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var (version, draft) = (body.Value.Version, body.Value.Draft);
        if (version is null == draft is null)
        {
            var message = version is null ? "Say what to run: a saved 'version' or an unsaved 'draft'." : "Give either a 'version' or a 'draft', not both.";
            return Error.Validation("invalid-golden-run", message, [new FieldError(version is null ? "version" : "draft", message)]).ToResult(http);
        }

        if (draft is { Model: null })
            return Error.Validation("invalid-golden-run", "The draft names no model.", [new FieldError("draft.model", "The model is missing.")]).ToResult(http);

        var run = version is { } number
            ? await service.RunVersionAsync(key, number, ApiActor.Of(http), ct)
            : await service.RunDraftAsync(key, draft!.ToDraft(), ApiActor.Of(http), ct);
        return run.ToResult(
            r =>
            {
                http.Response.Headers.Location = $"/api/v1/prompts/{key}/golden-runs/{r.Id}";
                return TypedResults.Json(GoldenRunView.From(r), GoldenSetsJsonContext.Default.GoldenRunView, statusCode: 201);
            },
            http);
    }

    private static async Task<IResult> ListRunsAsync(string key, int? version, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var runs = await service.ListRunsAsync(key, version, ct);
        return runs.ToResult(
            r => TypedResults.Json<IReadOnlyList<GoldenRunView>>(r.Select(run => GoldenRunView.From(run, withResults: false)).ToArray(), GoldenSetsJsonContext.Default.IReadOnlyListGoldenRunView),
            http);
    }

    private static async Task<IResult> GetRunAsync(string key, Guid id, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var run = await service.GetRunAsync(key, id, ct);
        return run.ToResult(r => TypedResults.Json(GoldenRunView.From(r), GoldenSetsJsonContext.Default.GoldenRunView), http);
    }

    private static async Task<IResult> GetPolicyAsync(string key, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var required = await service.GetRequireGoldenPassAsync(key, ct);
        return required.ToResult(r => TypedResults.Json(new GoldenPolicyView(key, r), GoldenSetsJsonContext.Default.GoldenPolicyView), http);
    }

    private static async Task<IResult> SetPolicyAsync(string key, HttpContext http, IGoldenSetService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, GoldenSetsJsonContext.Default.GoldenPolicyBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        if (body.Value.RequireGoldenPass is not { } require)
            return Error.Validation("invalid-golden-policy", "Say whether a passing golden run is required.", [new FieldError("requireGoldenPass", "The value is missing.")]).ToResult(http);

        var set = await service.SetRequireGoldenPassAsync(key, require, ApiActor.Of(http), ct);
        return set.ToResult(r => TypedResults.Json(new GoldenPolicyView(key, r), GoldenSetsJsonContext.Default.GoldenPolicyView), http);
    }

    private static IResult CaseView(Result<Domain.GoldenSets.GoldenCase> result, HttpContext http) =>
        result.ToResult(c => TypedResults.Json(GoldenCaseView.From(c), GoldenSetsJsonContext.Default.GoldenCaseView), http);
}
