using Microsoft.AspNetCore.Http.Features;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Api;

/// <summary>
/// Refuses API bodies whose text is broken (invalid UTF-8, lone surrogate escapes) with a 400
/// <c>invalid-encoding</c> problem naming the field, before any endpoint reads them — so an endpoint
/// that binds its own body, ignores it or keeps a <see cref="System.Text.Json.JsonElement"/> for later
/// cannot turn the bytes into a 500. Runs after <see cref="RequestSizeLimit"/>, so the body it
/// buffers is at most the configured limit.
/// </summary>
public sealed class RequestEncodingGuard(RequestDelegate next)
{
    public const string ErrorCode = "invalid-encoding";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsApi(request.Path) || !(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            || request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            await next(context);
            return;
        }

        // Read once into a buffer the endpoint then reads from (no second copy of the body).
        var buffer = new MemoryStream(request.ContentLength is { } length and <= int.MaxValue ? (int)length : 4096);
        context.Response.RegisterForDispose(buffer);
        try
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            var tooLarge = new Error(ErrorKind.TooLarge, "request-too-large", $"The request body is over the limit of {limit} bytes.", [new FieldError("body", $"At most {limit} bytes.")]);
            await tooLarge.ToResult(context).ExecuteAsync(context);
            return;
        }

        if (JsonTextEncoding.FindFault(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } fault)
        {
            await ToResult(InvalidEncoding(fault), context).ExecuteAsync(context);
            return;
        }

        // The endpoint reads the same bytes from memory.
        buffer.Position = 0;
        request.Body = buffer;
        await next(context);
    }

    public static Error InvalidEncoding(EncodingFault fault) => Error.Validation(
        ErrorCode,
        $"The request body is not valid UTF-8 text at '{fault.Field}': {JsonTextEncoding.Describe(fault)}",
        [new FieldError(fault.Field, JsonTextEncoding.Describe(fault))]);

    /// <summary>The OpenAI-compatible endpoint's problems also carry OpenAI's <c>error</c> object.</summary>
    private static IResult ToResult(Error error, HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1") ? error.ToOpenAiProblem(context) : error.ToResult(context);

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/v1");
}
