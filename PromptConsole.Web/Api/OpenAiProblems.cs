using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Api;

/// <summary>
/// Problem details that also carry OpenAI's <c>error</c> object (message, type, param, code), so both
/// problem-aware and OpenAI clients read the rejection.
/// </summary>
public static class OpenAiProblems
{
    public static IResult ToOpenAiProblem(this Error error, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(error);
        RecorderRetryAfter.AddTo(http, error);
        var problem = Problems.ToProblemDetails(error, http);
        var openAiType = error.Kind switch
        {
            ErrorKind.Validation => "invalid_request_error",
            ErrorKind.NotFound => "invalid_request_error",
            ErrorKind.Unavailable => "rate_limit_error",
            ErrorKind.Unauthenticated => "authentication_error",
            ErrorKind.Forbidden => "permission_error",
            _ => "api_error",
        };
        problem.Extensions["error"] = new OpenAiError(error.Message, openAiType, error.FieldErrors.FirstOrDefault()?.Field, error.Code);
        return TypedResults.Problem(problem);
    }
}
