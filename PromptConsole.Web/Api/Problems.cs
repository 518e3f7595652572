using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Api;

/// <summary>
/// The one place where an expected rejection becomes HTTP: RFC 7807 problem details with a
/// stable <c>type</c> (one URI per error code), the HTTP status of its kind, and the offending fields.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://promptconsole.dev/problems/";

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.OutputRejected => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.ProviderFailed => StatusCodes.Status502BadGateway,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "The request is not valid.",
        ErrorKind.NotFound => "Not found.",
        ErrorKind.Conflict => "The request conflicts with the current state.",
        ErrorKind.TooLarge => "The request is too large.",
        ErrorKind.OutputRejected => "The output failed its checks.",
        ErrorKind.ProviderFailed => "The model provider failed.",
        ErrorKind.Unavailable => "The service is overloaded.",
        ErrorKind.Unauthenticated => "Sign-in or an API key is required.",
        ErrorKind.Forbidden => "This caller may not do that.",
        _ => "Unexpected error.",
    };

    public static ProblemDetails ToProblemDetails(Error error, HttpContext? context = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypeBase + error.Code,
            Title = TitleOf(error.Kind),
            Status = StatusOf(error.Kind),
            Detail = error.Message,
            Instance = context?.Request.Path,
        };
        problem.Extensions["code"] = error.Code;
        if (error.FieldErrors.Count > 0)
        {
            problem.Extensions["errors"] = error.FieldErrors
                .Select(f => new ProblemField(f.Field, f.Message, f.Line, f.Column))
                .ToArray();
        }

        return problem;
    }

    public static IResult ToResult(this Error error, HttpContext? context = null) =>
        TypedResults.Problem(ToProblemDetails(error, context));

    /// <summary>Success becomes <paramref name="onSuccess"/>; failure becomes problem details.</summary>
    public static IResult ToResult<T>(this Result<T> result, Func<T, IResult> onSuccess, HttpContext? context = null) =>
        result.IsSuccess ? onSuccess(result.Value) : result.Error!.ToResult(context);
}

/// <summary>One offending field in a problem's <c>errors</c> list; line and column point into a template.</summary>
public sealed record ProblemField(string Field, string Message, int? Line, int? Column);
