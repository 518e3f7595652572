using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PromptConsole.Web.Api;

/// <summary>
/// The single translation point for exceptions. Malformed requests the framework rejects
/// (<see cref="BadHttpRequestException"/>, e.g. a body over the size limit) keep their status;
/// anything else is our bug: logged with its trace id, answered with a 500 that says nothing internal.
/// </summary>
public sealed class UnexpectedExceptionHandler(IProblemDetailsService problems, ILogger<UnexpectedExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
            return true; // the caller went away; there is nobody to answer

        ProblemDetails problem;
        if (exception is BadHttpRequestException bad)
        {
            var tooLarge = bad.StatusCode == StatusCodes.Status413PayloadTooLarge;
            problem = new ProblemDetails
            {
                Status = bad.StatusCode,
                Type = Problems.TypeBase + (tooLarge ? "request-too-large" : "bad-request"),
                Title = tooLarge ? "The request is too large." : "The request is not valid.",
                Detail = bad.Message,
            };
            problem.Extensions["code"] = tooLarge ? "request-too-large" : "bad-request";
        }
        else
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Type = Problems.TypeBase + "unexpected-error",
                Title = "Unexpected error.",
                Detail = "The server failed to process the request. The trace id identifies it in the logs.",
            };
            problem.Extensions["code"] = "unexpected-error";
        }

        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? httpContext.TraceIdentifier;
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
