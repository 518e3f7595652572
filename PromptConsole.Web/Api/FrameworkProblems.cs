namespace PromptConsole.Web.Api;

/// <summary>
/// Gives the rejections that ASP.NET Core makes before any endpoint runs — a body of a type no endpoint takes (415), a
/// path nothing serves (404), a method the path does not take (405) — the same shape as the API's own problems: a type
/// of ours, a <c>code</c>, a detail that says what to send instead, and the offending field. Problems the API wrote
/// itself already carry a code and are left as they are.
/// </summary>
public static class FrameworkProblems
{
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string RouteNotFound = "route-not-found";
    public const string MethodNotAllowed = "method-not-allowed";

    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
            return;

        var request = context.HttpContext.Request;
        var (code, detail, field) = problem.Status switch
        {
            StatusCodes.Status415UnsupportedMediaType => (
                UnsupportedMediaType,
                $"This endpoint does not take a body of type '{request.ContentType ?? "(none)"}': send JSON with Content-Type: application/json.",
                new ProblemField("Content-Type", "Must be application/json (a batch upload may also be application/jsonl).", null, null)),
            StatusCodes.Status404NotFound when context.HttpContext.GetEndpoint() is null => (
                RouteNotFound,
                $"Nothing here answers {request.Method} {request.Path}; /openapi/v1.json lists the API.",
                (ProblemField?)null),
            StatusCodes.Status405MethodNotAllowed => (
                MethodNotAllowed,
                $"{request.Path} does not take {request.Method}; the Allow header lists what it takes.",
                (ProblemField?)null),
            _ => (null, null, null),
        };
        if (code is null)
            return;

        problem.Type = Problems.TypeBase + code;
        problem.Detail = detail;
        problem.Instance ??= request.Path;
        problem.Extensions["code"] = code;
        if (field is not null)
            problem.Extensions["errors"] = new[] { field };
    }
}
