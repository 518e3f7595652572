using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Web.Api;

/// <summary>
/// Feature flags: CRUD and the one-click enable/disable for people and scripts, and evaluation for
/// applications (<c>GET /api/v1/flags/{key}/evaluate?subject=…&amp;tenant=…&amp;attr.plan=pro</c>).
/// </summary>
public static class FlagsApi
{
    public const string AttributePrefix = "attr.";

    public static IEndpointRouteBuilder MapFlagsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/flags").WithTags("Flags");

        api.MapGet("/", ListAsync).Produces<IReadOnlyList<FlagView>>();
        api.MapPost("/", CreateAsync).Accepts<FlagBody>("application/json")
            .Produces<FlagView>(201).ProducesProblem(400).ProducesProblem(409);
        api.MapGet("/{key}", GetAsync).Produces<FlagView>().ProducesProblem(404);
        api.MapPut("/{key}", UpdateAsync).Accepts<FlagBody>("application/json")
            .Produces<FlagView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/{key}", DeleteAsync).Produces(204).ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{key}/enable", (string key, HttpContext http, IFlagRegistry flags, CancellationToken ct) => SwitchAsync(key, true, http, flags, ct))
            .Accepts<FlagSwitchBody>("application/json").Produces<FlagView>().ProducesProblem(404).ProducesProblem(409);
        api.MapPost("/{key}/disable", (string key, HttpContext http, IFlagRegistry flags, CancellationToken ct) => SwitchAsync(key, false, http, flags, ct))
            .Accepts<FlagSwitchBody>("application/json").Produces<FlagView>().ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/{key}/audit", AuditAsync).Produces<IReadOnlyList<FlagAuditView>>();
        api.MapGet("/{key}/evaluate", EvaluateAsync).RequireScope(ApiKeyScopes.Evaluate).Produces<FlagEvaluationView>().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> ListAsync(IFlagRegistry flags, CancellationToken ct)
    {
        var all = await flags.ListAsync(ct);
        return TypedResults.Json<IReadOnlyList<FlagView>>(all.Select(FlagView.From).ToArray(), FlagsJsonContext.Default.IReadOnlyListFlagView);
    }

    private static async Task<IResult> GetAsync(string key, HttpContext http, IFlagRegistry flags, CancellationToken ct)
    {
        var result = await flags.GetAsync(key, ct);
        return result.ToResult(Ok, http);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IFlagRegistry flags, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, FlagsJsonContext.Default.FlagBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await flags.CreateAsync(body.Value.ToDraft(), ApiActor.Of(http), ct);
        return result.ToResult(
            record =>
            {
                http.Response.Headers.Location = $"/api/v1/flags/{Uri.EscapeDataString(record.Flag.Key)}";
                return TypedResults.Json(FlagView.From(record), FlagsJsonContext.Default.FlagView, statusCode: StatusCodes.Status201Created);
            },
            http);
    }

    private static async Task<IResult> UpdateAsync(string key, HttpContext http, IFlagRegistry flags, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, FlagsJsonContext.Default.FlagBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await flags.UpdateAsync(key, body.Value.ToDraft(), body.Value.ExpectedRevision, ApiActor.Of(http), ct);
        return result.ToResult(Ok, http);
    }

    private static async Task<IResult> DeleteAsync(string key, int? expectedRevision, HttpContext http, IFlagRegistry flags, CancellationToken ct)
    {
        var result = await flags.DeleteAsync(key, expectedRevision, ApiActor.Of(http), ct);
        return result.ToResult(_ => TypedResults.NoContent(), http);
    }

    private static async Task<IResult> SwitchAsync(string key, bool enabled, HttpContext http, IFlagRegistry flags, CancellationToken ct)
    {
        // The body is optional: on-call flips the switch with an empty POST.
        var body = http.Request.ContentLength is null or 0 && !http.Request.Headers.TransferEncoding.Any()
            ? new FlagSwitchBody(null, null)
            : await RequestBody.ReadAsync(http.Request, FlagsJsonContext.Default.FlagSwitchBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);

        var result = await flags.SetEnabledAsync(key, enabled, body.Value.Reason, body.Value.ExpectedRevision, ApiActor.Of(http), ct);
        return result.ToResult(Ok, http);
    }

    private static async Task<IResult> AuditAsync(string key, int? skip, int? take, IFlagRegistry flags, CancellationToken ct)
    {
        var events = await flags.GetAuditAsync(key, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 100, 1, FlagRegistry.MaxAuditPage), ct);
        return TypedResults.Json<IReadOnlyList<FlagAuditView>>(events.Select(FlagAuditView.From).ToArray(), FlagsJsonContext.Default.IReadOnlyListFlagAuditView);
    }

    private static async Task<IResult> EvaluateAsync(string key, HttpContext http, IFlagEvaluationService evaluator, CancellationToken ct)
    {
        var attributes = AttributesOf(http.Request.Query);
        if (!attributes.IsSuccess)
            return attributes.Error!.ToResult(http);

        var result = await evaluator.EvaluateAsync(key, attributes.Value, ct);
        return result.ToResult(d => TypedResults.Json(FlagEvaluationView.From(d), FlagsJsonContext.Default.FlagEvaluationView), http);
    }

    /// <summary><c>subject</c>, <c>tenant</c> and every <c>attr.&lt;name&gt;</c>; a malformed attribute name is refused by its query field.</summary>
    internal static Result<RequestAttributes> AttributesOf(IQueryCollection query)
    {
        Dictionary<string, string>? free = null;
        List<FieldError>? errors = null;
        foreach (var (name, values) in query)
        {
            if (!name.StartsWith(AttributePrefix, StringComparison.Ordinal))
                continue;
            var attribute = name[AttributePrefix.Length..];
            if (!AttributeName.IsValid(attribute) || attribute is AttributeName.Subject or AttributeName.Tenant)
            {
                (errors ??= []).Add(new FieldError(name, $"'{attribute}' is not a free attribute name: 1–{AttributeName.MaxLength} letters, digits, '_', '.' or '-', starting with a letter or '_'; subject and tenant have their own parameters."));
                continue;
            }

            (free ??= new Dictionary<string, string>(StringComparer.Ordinal))[attribute] = values.ToString();
        }

        if (errors is not null)
            return Error.Validation("invalid-attributes", "The request attributes are not valid.", errors);
        return new RequestAttributes(query["subject"].ToString(), query["tenant"].ToString(), free);
    }

    private static IResult Ok(FlagRecord record) => TypedResults.Json(FlagView.From(record), FlagsJsonContext.Default.FlagView);
}
