using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Configuration;

namespace PromptConsole.Web.Api;

/// <summary>
/// Refuses API bodies over <see cref="ExecutionOptions.MaxRequestBytes"/> with a 413 problem before
/// reading them; bodies without a length are cut off by the server at the same limit.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next, IOptions<ExecutionOptions> options)
{
    private readonly long _limit = options.Value.MaxRequestBytes;

    public Task InvokeAsync(HttpContext context)
    {
        if (!IsApi(context.Request.Path))
            return next(context);

        // An endpoint may declare its own limit (batch uploads are larger than any other body).
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? _limit;
        if (context.Request.ContentLength > limit)
        {
            var error = new Error(ErrorKind.TooLarge, "request-too-large", $"The request body has {context.Request.ContentLength} bytes; the limit is {limit}.", [new FieldError("body", $"At most {limit} bytes.")]);
            return error.ToResult(context).ExecuteAsync(context);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
            feature.MaxRequestBodySize = limit;
        return next(context);
    }

    private static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/v1");
}
