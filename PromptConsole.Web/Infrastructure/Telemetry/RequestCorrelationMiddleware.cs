using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// First in the pipeline. Gives every request an <c>X-Request-ID</c> (the caller's when sane,
/// else a new one), echoes it, puts it on the server span and in a logger scope around the
/// request; with tracing on, returns the server span as <c>traceparent</c> and adds the route and
/// status tags ASP.NET Core leaves off that span.
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
        try
        {
            await next(context);
        }
        finally
        {
            if (serverSpan is not null)
                TagServerSpan(serverSpan, context);
        }
    }

    /// <summary>The W3C trace context of <paramref name="activity"/>: version 00, trace id, span id, sampled flag.</summary>
    public static string TraceParent(Activity activity) =>
        $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{(activity.Recorded ? "01" : "00")}";

    /// <summary>Route template (low cardinality, unlike the path), status, and the span name the HTTP conventions give it.</summary>
    private static void TagServerSpan(Activity span, HttpContext context)
    {
        if (!span.IsAllDataRequested)
            return;
        var method = context.Request.Method;
        var status = context.Response.StatusCode;
        span.SetTag(SpanAttributeNames.HttpRequestMethod, method);
        span.SetTag(SpanAttributeNames.HttpResponseStatusCode, status);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        if (route is not null)
        {
            span.SetTag(SpanAttributeNames.HttpRoute, route);
            span.DisplayName = method + " " + route;
        }

        // Server spans fail on 5xx only: a 4xx is the caller's mistake, answered correctly.
        if (status >= 500)
            PromptConsoleTracing.SetError(span, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
