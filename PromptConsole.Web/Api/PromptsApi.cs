using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.GoldenSets;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Api;

/// <summary>The management API: the same registry operations the console performs, for CI/CD and scripts.</summary>
public static class PromptsApi
{
    public static IEndpointRouteBuilder MapPromptsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Prompts");

        api.MapGet("/prompts", ListAsync).Produces<IReadOnlyList<PromptSummaryView>>();
        api.MapPost("/prompts", CreateAsync).Accepts<CreatePromptRequest>("application/json")
            .Produces<PromptView>(201).ProducesProblem(400).ProducesProblem(409);
        api.MapGet("/prompts/{key}", GetAsync).Produces<PromptView>().ProducesProblem(404);
        api.MapPut("/prompts/{key}", UpdateAsync).Accepts<UpdatePromptRequest>("application/json")
            .Produces<PromptView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);

        api.MapGet("/prompts/{key}/versions", ListVersionsAsync).Produces<IReadOnlyList<VersionView>>().ProducesProblem(404);
        api.MapPost("/prompts/{key}/versions", AddVersionAsync).Accepts<VersionDraftBody>("application/json")
            .Produces<CreatedVersionView>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/prompts/{key}/versions/{version:int}", GetVersionAsync).Produces<VersionView>().ProducesProblem(404);
        api.MapPost("/prompts/{key}/versions/{version:int}/deprecate", DeprecateAsync).Accepts<LabelChangeRequest>("application/json")
            .Produces<VersionView>().ProducesProblem(404).ProducesProblem(409);

        api.MapGet("/prompts/{key}/labels", ListLabelsAsync).Produces<IReadOnlyList<LabelView>>().ProducesProblem(404);
        api.MapPost("/prompts/{key}/labels/{label}", DeployAsync).Accepts<DeployRequest>("application/json")
            .Produces<LabelView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/prompts/{key}/labels/{label}/rollback", RollbackAsync).Accepts<LabelChangeRequest>("application/json")
            .Produces<LabelView>().ProducesProblem(404).ProducesProblem(409);

        api.MapGet("/prompts/{key}/audit", PromptAuditAsync).Produces<IReadOnlyList<AuditEventView>>().ProducesProblem(404);
        api.MapGet("/audit", AuditAsync).Produces<IReadOnlyList<AuditEventView>>();
        api.MapGet("/models", ListModels).Produces<IReadOnlyList<ModelView>>().WithTags("Models");
        return app;
    }

    private static async Task<IResult> ListAsync(string? search, IPromptRegistry registry, CancellationToken ct)
    {
        var prompts = await registry.ListAsync(search, ct);
        return TypedResults.Json<IReadOnlyList<PromptSummaryView>>(prompts.Select(PromptSummaryView.From).ToArray(), ApiJsonContext.Default.IReadOnlyListPromptSummaryView);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.CreatePromptRequest, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var request = body.Value;
        var command = new CreatePromptCommand(request.Key ?? string.Empty, request.Name ?? string.Empty, request.Description, request.Tags, request.FirstVersion?.ToDraft());
        var result = await registry.CreateAsync(command, ApiActor.Of(http), ct);
        return result.ToResult(p => TypedResults.Json(PromptView.From(p), ApiJsonContext.Default.PromptView, statusCode: 201), http);
    }

    private static async Task<IResult> GetAsync(string key, HttpContext http, IPromptRegistry registry, IGoldenSetService golden, CancellationToken ct)
    {
        var result = await registry.GetAsync(key, ct);
        if (!result.IsSuccess)
            return result.Error!.ToResult(http);
        var required = await golden.GetRequireGoldenPassAsync(key, ct);
        var view = PromptView.From(result.Value) with { RequireGoldenPass = required.IsSuccess && required.Value };
        return TypedResults.Json(view, ApiJsonContext.Default.PromptView);
    }

    private static async Task<IResult> UpdateAsync(string key, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.UpdatePromptRequest, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var current = await registry.GetAsync(key, ct);
        if (!current.IsSuccess)
            return current.Error!.ToResult(http);

        // Omitted fields keep their current values, so a script can flip capture alone.
        var r = body.Value;
        var p = current.Value;

        // Capture stores raw prompt and response text: switching it is a privacy setting, for Admins.
        var changesCapture = (r.CaptureEnabled is { } enabled && enabled != p.CaptureEnabled)
            || (r.CaptureRetentionDays is { } days && days != p.CaptureRetentionDays);
        if (changesCapture && LabelAccess.AdminRefusal(http, "Changing capture settings") is { } forbidden)
            return forbidden.ToResult(http);
        var command = new UpdatePromptCommand(
            r.Name ?? p.Name,
            r.Description ?? p.Description,
            r.Tags ?? p.Tags.ToList(),
            r.CaptureEnabled ?? p.CaptureEnabled,
            r.CaptureRetentionDays ?? p.CaptureRetentionDays,
            // The omitted fields were read at p.Revision: without an explicit expectation, that is
            // the revision the update must still find, or a concurrent change would be reverted.
            r.ExpectedRevision ?? p.Revision);
        var result = await registry.UpdateAsync(key, command, ApiActor.Of(http), ct);
        return result.ToResult(updated => TypedResults.Json(PromptView.From(updated), ApiJsonContext.Default.PromptView), http);
    }

    private static async Task<IResult> ListVersionsAsync(string key, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var result = await registry.GetAsync(key, ct);
        return result.ToResult(
            p => TypedResults.Json<IReadOnlyList<VersionView>>(p.Versions.Select(VersionView.From).ToArray(), ApiJsonContext.Default.IReadOnlyListVersionView),
            http);
    }

    private static async Task<IResult> GetVersionAsync(string key, int version, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var result = await registry.GetAsync(key, ct);
        if (!result.IsSuccess)
            return result.Error!.ToResult(http);
        var found = result.Value.FindVersion(version);
        return found is null
            ? Error.NotFound("version-not-found", $"Prompt '{key}' has no version {version}.").ToResult(http)
            : TypedResults.Json(VersionView.From(found), ApiJsonContext.Default.VersionView);
    }

    private static async Task<IResult> AddVersionAsync(string key, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.VersionDraftBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await registry.AddVersionAsync(key, body.Value.ToDraft(), body.Value.ExpectedRevision, ApiActor.Of(http), ct);
        return result.ToResult(
            created => TypedResults.Json(
                new CreatedVersionView(
                    VersionView.From(created.Version),
                    created.Warnings.Select(w => new ProblemField(w.Field, w.Message, w.Line, w.Column)).ToArray(),
                    created.Revision),
                ApiJsonContext.Default.CreatedVersionView,
                statusCode: 201),
            http);
    }

    private static async Task<IResult> DeprecateAsync(string key, int version, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var body = await ReadOptionalAsync(http, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await registry.DeprecateAsync(key, version, body.Value.Reason, body.Value.ExpectedRevision, ApiActor.Of(http), ct);
        return result.ToResult(v => TypedResults.Json(VersionView.From(v), ApiJsonContext.Default.VersionView), http);
    }

    private static async Task<IResult> ListLabelsAsync(string key, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var result = await registry.GetAsync(key, ct);
        return result.ToResult(
            p => TypedResults.Json<IReadOnlyList<LabelView>>(p.Labels.Select(LabelView.From).ToArray(), ApiJsonContext.Default.IReadOnlyListLabelView),
            http);
    }

    private static async Task<IResult> DeployAsync(string key, string label, HttpContext http, IPromptRegistry registry, IGoldenGate gate, CancellationToken ct)
    {
        if (LabelAccess.Refusal(http, label) is { } forbidden)
            return forbidden.ToResult(http);
        var body = await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.DeployRequest, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        if (body.Value.Version is not { } version)
            return Error.Validation("invalid-deploy", "Say which version to deploy.", [new FieldError("version", "The version is missing.")]).ToResult(http);

        // A human deploy passes the golden gate first (experiment ships and rollbacks do not come through here).
        var actor = ApiActor.Of(http);
        if (await gate.CheckReleaseAsync(key, version, "deploy", "version", body.Value.OverrideReason, actor, ct) is { } refused)
            return refused.ToResult(http);

        var result = await registry.DeployAsync(key, label, version, body.Value.Reason, body.Value.ExpectedRevision, actor, ct);
        return result.ToResult(l => TypedResults.Json(LabelView.From(l), ApiJsonContext.Default.LabelView), http);
    }

    private static async Task<IResult> RollbackAsync(string key, string label, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        if (LabelAccess.Refusal(http, label) is { } forbidden)
            return forbidden.ToResult(http);
        var body = await ReadOptionalAsync(http, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await registry.RollbackAsync(key, label, body.Value.Reason, body.Value.ExpectedRevision, ApiActor.Of(http), ct);
        return result.ToResult(l => TypedResults.Json(LabelView.From(l), ApiJsonContext.Default.LabelView), http);
    }

    private static async Task<IResult> PromptAuditAsync(string key, int? skip, int? take, HttpContext http, IPromptRegistry registry, CancellationToken ct)
    {
        var prompt = await registry.GetAsync(key, ct);
        if (!prompt.IsSuccess)
            return prompt.Error!.ToResult(http);
        return await AuditAsync(key, skip, take, registry, ct);
    }

    private static async Task<IResult> AuditAsync(string? prompt, int? skip, int? take, IPromptRegistry registry, CancellationToken ct)
    {
        var events = await registry.GetAuditAsync(new AuditQuery(prompt, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 1, 1000)), ct);
        return TypedResults.Json<IReadOnlyList<AuditEventView>>(events.Select(AuditEventView.From).ToArray(), ApiJsonContext.Default.IReadOnlyListAuditEventView);
    }

    private static IResult ListModels(IModelCatalog catalog) =>
        TypedResults.Json<IReadOnlyList<ModelView>>(
            catalog.Models.Select(m => new ModelView(m.Model, m.Provider, m.InputPer1K, m.OutputPer1K, m.ContextWindow, catalog.IsSimulated(m.Model))).ToArray(),
            ApiJsonContext.Default.IReadOnlyListModelView);

    /// <summary>Rollback and deprecate take an optional body (a reason); an empty body is fine.</summary>
    private static async Task<Result<LabelChangeRequest>> ReadOptionalAsync(HttpContext http, CancellationToken ct) =>
        http.Request.ContentLength is null or 0 && !http.Request.Headers.TransferEncoding.Any()
            ? new LabelChangeRequest(null, null)
            : await RequestBody.ReadAsync(http.Request, ApiJsonContext.Default.LabelChangeRequest, ct);
}
