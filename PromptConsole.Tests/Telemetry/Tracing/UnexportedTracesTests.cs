using System.Diagnostics;
using System.Net;
using static PromptConsole.Tests.Telemetry.Tracing.TracingApp;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// Nothing exports spans, so new traces are not recorded: they keep their ids (response, record,
/// the provider call) and say "not sampled" downstream. A caller's sampled trace is still recorded
/// and passed on sampled. The collector is in the tracer provider all along, so it sees whatever is
/// recorded; the second test shows it does.
/// </summary>
[Collection(UnexportedTracingCollection.Name)]
public sealed class UnexportedTracesTests(UnexportedTracingApp app)
{
    [Fact]
    public async Task A_new_trace_is_not_recorded_when_nothing_exports_yet_keeps_its_id_in_the_response_the_record_and_the_provider_call()
    {
        var key = await app.CreatePromptAsync("unexported", model: "gpt-test");

        var (status, body, response) = await app.ExecuteAsync(key);

        Assert.Equal(HttpStatusCode.OK, status);
        var traceId = (string?)body!["traceId"];
        Assert.NotNull(traceId);
        var returned = Assert.Single(response.Headers.GetValues("traceparent"));
        Assert.Matches($"^00-{traceId}-[0-9a-f]{{16}}-00$", returned);
        Assert.Equal(traceId, (await app.ReadRecordAsync(key)).TraceId);
        var call = Assert.Single(app.Upstream.Requests, r => r.LastUserMessage?.Contains("tides", StringComparison.Ordinal) == true && r.TraceParent?.Contains(traceId, StringComparison.Ordinal) == true);
        Assert.Matches($"^00-{traceId}-[0-9a-f]{{16}}-00$", call.TraceParent);

        // The server span ends after the response is written; give it well over that, then nothing of the trace was recorded.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Empty(app.Spans.Trace(traceId));
    }

    [Fact]
    public async Task A_callers_sampled_trace_is_still_recorded_and_reaches_the_provider_sampled()
    {
        var key = await app.CreatePromptAsync("caller-sampled", model: "gpt-test");
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        var (status, _, response) = await app.ExecuteAsync(key, configure: request =>
            request.Headers.Add("traceparent", $"00-{callerTrace.ToHexString()}-{callerSpan.ToHexString()}-01"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches($"^00-{callerTrace.ToHexString()}-[0-9a-f]{{16}}-01$", Assert.Single(response.Headers.GetValues("traceparent")));
        var spans = await app.Spans.WaitForRequestAsync(callerTrace.ToHexString());
        Assert.Equal(callerSpan, SpanCollector.ApplicationServerSpan(spans).ParentSpanId);
        Single(spans, $"execute {key}");
        Single(spans, "chat gpt-test");
        var call = Assert.Single(app.Upstream.Requests, r => r.TraceParent?.Contains(callerTrace.ToHexString(), StringComparison.Ordinal) == true);
        Assert.EndsWith("-01", call.TraceParent, StringComparison.Ordinal);
    }
}
