using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// A span processor added to the application's tracer provider: it sees exactly the spans the SDK
/// records (sampled), as an exporter would. Listeners are process-wide, so it may also see other
/// hosts' spans; tests select theirs by trace id.
/// </summary>
public sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _ended = new();

    public override void OnEnd(Activity data) => _ended.Enqueue(data);

    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => _ended.Where(a => a.TraceId == traceId).ToList();

    public IReadOnlyList<Activity> Trace(string traceId) => Trace(ActivityTraceId.CreateFromString(traceId));

    public IReadOnlyList<Activity> Where(Func<Activity, bool> predicate) => _ended.Where(predicate).ToList();

    /// <summary>
    /// The spans of a trace once <paramref name="complete"/> holds: the server span ends after the
    /// client has its response, so the trace is polled for a while rather than read once.
    /// </summary>
    public async Task<IReadOnlyList<Activity>> WaitForTraceAsync(string traceId, Func<IReadOnlyList<Activity>, bool> complete, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var spans = Trace(traceId);
            if (complete(spans) || DateTime.UtcNow > deadline)
                return spans;
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the application's server span of the trace has ended.</summary>
    public Task<IReadOnlyList<Activity>> WaitForRequestAsync(string traceId) =>
        WaitForTraceAsync(traceId, spans => spans.Any(IsApplicationServerSpan));

    /// <summary>
    /// The request's span in the application, told apart from the server span of an in-test
    /// provider that the same trace reaches through the propagated traceparent.
    /// </summary>
    public static bool IsApplicationServerSpan(Activity span) =>
        span.Kind == ActivityKind.Server && span.GetTagItem("promptconsole.request.id") is not null;

    public static Activity ApplicationServerSpan(IReadOnlyList<Activity> spans) => Assert.Single(spans, IsApplicationServerSpan);
}
