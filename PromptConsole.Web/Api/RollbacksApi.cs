using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Api;

/// <summary>
/// Automatic rollbacks and the incident timeline: the safeguards' state and history of a prompt, an entry point for
/// machines (alerts) to ask for a rollback through the safeguards, and the timeline of who did what.
/// </summary>
public static class RollbacksApi
{
    public const string StoodDownCode = "automatic-rollback-stood-down";

    public const int MaxTriggerLength = 200;

    public static IEndpointRouteBuilder MapRollbacksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/prompts/{key}").WithTags("Rollbacks");

        api.MapPost("/labels/{label}/automatic-rollback", RollBackAsync).Accepts<AutomaticRollbackBody>("application/json")
            .Produces<AutomaticRollbackPerformedView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        api.MapGet("/automatic-rollbacks", ListAsync).Produces<AutomaticRollbacksView>().ProducesProblem(404);
        api.MapGet("/incidents", IncidentsAsync).Produces<IncidentTimelineView>().ProducesProblem(400).ProducesProblem(404);
        return app;
    }

    /// <summary>
    /// Rolls the label back to its previous version as <c>system</c>, if the safeguards allow: 200 with the rollback,
    /// 409 <c>automatic-rollback-stood-down</c> with the reason when they do not (the label stays where it is).
    /// </summary>
    private static async Task<IResult> RollBackAsync(
        string key, string label, HttpContext http, AutomaticLabelRollback labelRollback, IAutomaticRollbacks rollbacks, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, RollbacksJsonContext.Default.AutomaticRollbackBody, ct);
        if (!body.IsSuccess)
            return body.Error!.ToResult(http);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body.Value.Trigger))
            errors.Add(new FieldError("trigger", "Say what asks for the rollback, e.g. alert:error-rate."));
        else if (body.Value.Trigger.Length > MaxTriggerLength)
            errors.Add(new FieldError("trigger", $"At most {MaxTriggerLength} characters."));
        if (string.IsNullOrWhiteSpace(body.Value.Reason))
            errors.Add(new FieldError("reason", "Say why the label should be rolled back."));
        if (errors.Count > 0)
            return Error.Validation("invalid-automatic-rollback", "The automatic rollback request is not valid.", errors).ToResult(http);

        var rolledBack = await labelRollback.RollBackAsync(key, label, body.Value.Trigger!.Trim(), body.Value.Reason!.Trim(), ct);
        if (!rolledBack.IsSuccess)
            return rolledBack.Error!.ToResult(http);
        var (outcome, _, _, moved, moveError) = rolledBack.Value;
        if (!outcome.Performed)
        {
            if (moveError is not null)
                return moveError.ToResult(http);
            var status = await rollbacks.GetStatusAsync(key, ct);
            var problem = Problems.ToProblemDetails(Error.Conflict(StoodDownCode, outcome.StoodDownReason ?? "Automation stood down."), http);
            if (status.AvailableAgainAt is { } again)
                problem.Extensions["availableAgainAt"] = again.ToString("O", CultureInfo.InvariantCulture);
            return TypedResults.Problem(problem);
        }

        var view = (await rollbacks.ListAsync(key, ct)).FirstOrDefault(r => r.Id == outcome.RollbackId);
        return TypedResults.Json(
            new AutomaticRollbackPerformedView(true, outcome.RollbackId!.Value, LabelView.From(moved!), view),
            RollbacksJsonContext.Default.AutomaticRollbackPerformedView);
    }

    private static async Task<IResult> ListAsync(string key, HttpContext http, IPromptRegistry registry, IAutomaticRollbacks rollbacks, CancellationToken ct)
    {
        var prompt = await registry.GetAsync(key, ct);
        if (!prompt.IsSuccess)
            return prompt.Error!.ToResult(http);
        var view = new AutomaticRollbacksView(await rollbacks.GetStatusAsync(key, ct), await rollbacks.ListAsync(key, ct));
        return TypedResults.Json(view, RollbacksJsonContext.Default.AutomaticRollbacksView);
    }

    private static async Task<IResult> IncidentsAsync(string key, string? since, string? take, HttpContext http, IIncidentTimeline timeline, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var from = QueryValues.Since(since, errors);
        var count = QueryValues.Take(take, 200, IncidentTimeline.MaxTake, errors);
        if (errors.Count > 0)
            return Error.Validation("invalid-query", "The query is not valid.", errors).ToResult(http);

        var entries = await timeline.GetAsync(key, from, count, ct);
        return entries.ToResult(e => TypedResults.Json(new IncidentTimelineView(key, e), RollbacksJsonContext.Default.IncidentTimelineView), http);
    }
}
