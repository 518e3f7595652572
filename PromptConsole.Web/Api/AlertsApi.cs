using System.Globalization;
using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Api;

/// <summary>
/// Alert rules and the alert history: the same service operations the console performs. Ids are GUIDs (the route
/// constraint keeps <c>/alerts/rules</c> apart from <c>/alerts/{id}</c>).
/// </summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/alerts").WithTags("Alerts");

        api.MapGet("/rules", ListRulesAsync).Produces<IReadOnlyList<AlertRuleView>>();
        api.MapPost("/rules", CreateRuleAsync).Accepts<AlertRuleBody>("application/json")
            .Produces<AlertRuleView>(201).ProducesProblem(400).ProducesProblem(404);
        api.MapGet("/rules/{id:guid}", GetRuleAsync).Produces<AlertRuleView>().ProducesProblem(404);
        api.MapPut("/rules/{id:guid}", UpdateRuleAsync).Accepts<AlertRuleBody>("application/json")
            .Produces<AlertRuleView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/rules/{id:guid}", DeleteRuleAsync).Produces(204).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("", ListAlertsAsync).Produces<IReadOnlyList<AlertView>>().ProducesProblem(400);
        api.MapGet("/{id:guid}", GetAlertAsync).Produces<AlertView>().ProducesProblem(404);
        api.MapPost("/{id:guid}/ack", AcknowledgeAsync).Accepts<AcknowledgeAlertBody>("application/json")
            .Produces<AlertView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<IResult> ListRulesAsync(IAlertService service, CancellationToken ct) =>
        TypedResults.Json(await service.ListRulesAsync(ct), AlertsJsonContext.Default.IReadOnlyListAlertRuleView);

    private static async Task<IResult> CreateRuleAsync(HttpContext http, IAlertService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, AlertsJsonContext.Default.AlertRuleBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var created = await service.CreateRuleAsync(body.Value.ToCommand(), ApiActor.Of(http), ct);
        return created.ToResult(
            r =>
            {
                http.Response.Headers.Location = $"/api/v1/alerts/rules/{r.Id:D}";
                return TypedResults.Json(r, AlertsJsonContext.Default.AlertRuleView, statusCode: StatusCodes.Status201Created);
            },
            http);
    }

    private static async Task<IResult> GetRuleAsync(Guid id, HttpContext http, IAlertService service, CancellationToken ct) =>
        Rule(await service.GetRuleAsync(id, ct), http);

    private static async Task<IResult> UpdateRuleAsync(Guid id, HttpContext http, IAlertService service, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, AlertsJsonContext.Default.AlertRuleBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        return Rule(await service.UpdateRuleAsync(id, body.Value.ToCommand(), ApiActor.Of(http), ct), http);
    }

    private static async Task<IResult> DeleteRuleAsync(Guid id, HttpContext http, IAlertService service, CancellationToken ct)
    {
        var deleted = await service.DeleteRuleAsync(id, ApiActor.Of(http), ct);
        return deleted.ToResult(_ => TypedResults.NoContent(), http);
    }

    private static async Task<IResult> ListAlertsAsync(
        string? status, string? prompt, string? rule, string? slo, string? since, string? take, HttpContext http, IAlertService service, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        if (!string.IsNullOrEmpty(status) && AlertStatusNames.Parse(status) is null)
            errors.Add(new FieldError("status", $"'{status}' is not a status; one of firing, acknowledged, resolved."));
        var ruleId = OptionalGuid(rule, "rule", errors);
        var sloId = OptionalGuid(slo, "slo", errors);
        var from = QueryValues.Since(since, errors);
        var count = QueryValues.Take(take, 200, AlertService.MaxTake, errors);
        if (errors.Count > 0)
            return Error.Validation("invalid-query", "The query is not valid.", errors).ToResult(http);

        var query = new AlertQuery(string.IsNullOrEmpty(status) ? null : status, string.IsNullOrWhiteSpace(prompt) ? null : prompt.Trim(), ruleId, sloId, from, count);
        return TypedResults.Json(await service.ListAlertsAsync(query, ct), AlertsJsonContext.Default.IReadOnlyListAlertView);
    }

    private static async Task<IResult> GetAlertAsync(Guid id, HttpContext http, IAlertService service, CancellationToken ct) =>
        Alert(await service.GetAlertAsync(id, ct), http);

    /// <summary>Acknowledges a firing alert; the body (<c>{"comment": "…"}</c>) is optional.</summary>
    private static async Task<IResult> AcknowledgeAsync(Guid id, HttpContext http, IAlertService service, CancellationToken ct)
    {
        string? comment = null;
        if (http.Request.ContentLength is > 0 || (http.Request.ContentLength is null && http.Request.ContentType is not null))
        {
            var body = await RequestBody.ReadAsync(http.Request, AlertsJsonContext.Default.AcknowledgeAlertBody, ct);
            if (!body.IsSuccess)
                return body.Error!.ToResult(http);
            comment = body.Value.Comment;
            if (comment?.Length > 2_000)
                return Error.Validation("invalid-acknowledgement", "The acknowledgement is not valid.", [new FieldError("comment", "At most 2000 characters.")]).ToResult(http);
        }

        return Alert(await service.AcknowledgeAsync(id, ApiActor.Of(http), comment, ct), http);
    }

    private static Guid? OptionalGuid(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (Guid.TryParse(text, CultureInfo.InvariantCulture, out var id))
            return id;
        errors.Add(new FieldError(field, $"'{text}' is not an id."));
        return null;
    }

    private static IResult Rule(Result<AlertRuleView> result, HttpContext http) =>
        result.ToResult(r => TypedResults.Json(r, AlertsJsonContext.Default.AlertRuleView), http);

    private static IResult Alert(Result<AlertView> result, HttpContext http) =>
        result.ToResult(a => TypedResults.Json(a, AlertsJsonContext.Default.AlertView), http);
}
