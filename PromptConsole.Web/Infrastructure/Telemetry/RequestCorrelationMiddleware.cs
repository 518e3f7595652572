using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// First in the pipeline. Gives every request an <c>X-Request-ID</c> (the caller's when sane,
/// else a new one), echoes it, puts it on the server span and in a logger scope around the
/// request; with tracing on, returns the server span as <c>traceparent</c>. The span's name,
/// route and status come from the ASP.NET Core instrumentation.
/// </summary>
public sealed class RequestCorrelationMiddleware(
    RequestDelegate next,
    IOptions<TracingOptions> options,
    ILogger<RequestCorrelationMiddleware> logger)
{
    public const string TraceParentHeader = "traceparent";

    // Named after the header, not "RequestId": ASP.NET Core's own request scope already uses that
    // name for its connection-based identifier, and one log line must not carry two different values under one name.
    private static readonly Func<ILogger, string, IDisposable?> RequestScope = LoggerMessage.DefineScope<string>("XRequestId:{XRequestId}");

    private readonly bool _tracing = options.Value.Enabled;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = RequestIds.AcceptOrNew(context.Request.Headers[RequestIds.HeaderName]);
        var serverSpan = _tracing ? context.Features.Get<IHttpActivityFeature>()?.Activity : null;
        serverSpan?.SetTag(SpanAttributeNames.RequestId, requestId);

        // On starting, not now: the exception handler clears headers set before it rewrites a response.
        context.Response.OnStarting(static state =>
        {
            var (http, id, span) = ((HttpContext, string, Activity?))state;
            http.Response.Headers[RequestIds.HeaderName] = id;
            if (span is not null)
                http.Response.Headers[TraceParentHeader] = TraceParent(span);
            return Task.CompletedTask;
        }, (context, requestId, serverSpan));

        using var scope = RequestScope(logger, requestId);
        await next(context);
    }

    /// <summary>The W3C trace context of <paramref name="activity"/>: version 00, trace id, span id, sampled flag.</summary>
    public static string TraceParent(Activity activity) =>
        $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{(activity.Recorded ? "01" : "00")}";
}
