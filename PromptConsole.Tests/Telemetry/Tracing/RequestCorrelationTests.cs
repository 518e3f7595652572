using System.Diagnostics;
using System.Net;
using static PromptConsole.Tests.Telemetry.Tracing.TracingApp;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>W3C trace context in and out, and X-Request-ID accepted, replaced or generated.</summary>
[Collection(TracingCollection.Name)]
public sealed class RequestCorrelationTests(TracingApp app)
{
    [Fact]
    public async Task An_incoming_traceparent_makes_the_execution_part_of_the_callers_trace_and_comes_back()
    {
        var key = await app.CreatePromptAsync("propagated");
        var callerTrace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        var (status, body, response) = await app.ExecuteAsync(key, configure: request =>
            request.Headers.Add("traceparent", $"00-{callerTrace.ToHexString()}-{callerSpan.ToHexString()}-01"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(callerTrace.ToHexString(), (string?)body!["traceId"]);
        var returned = Assert.Single(response.Headers.GetValues("traceparent")).Split('-');
        Assert.Equal(["00", callerTrace.ToHexString()], returned[..2]);
        Assert.Equal("01", returned[3]);

        var spans = await app.Spans.WaitForRequestAsync(callerTrace.ToHexString());
        var server = SpanCollector.ApplicationServerSpan(spans);
        Assert.Equal(callerSpan, server.ParentSpanId);
        Assert.Equal(server.SpanId.ToHexString(), returned[2]); // the header names the request's own span
        var execution = Single(spans, $"execute {key}");
        Assert.Equal(callerTrace, execution.TraceId);
        Assert.Equal(server.SpanId, execution.ParentSpanId);
    }

    [Fact]
    public async Task The_server_span_is_named_and_tagged_by_route_status_and_request_id()
    {
        var key = await app.CreatePromptAsync("server-span");
        const string requestId = "checkout-7f3a/retry-2";

        var (status, body, response) = await app.ExecuteAsync(key, configure: r => r.Headers.Add("X-Request-ID", requestId));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(requestId, Assert.Single(response.Headers.GetValues("X-Request-ID")));
        var spans = await app.Spans.WaitForRequestAsync((string)body!["traceId"]!);
        var server = SpanCollector.ApplicationServerSpan(spans);
        Assert.Equal("POST /api/v1/prompts/{key}/execute", server.DisplayName);
        Assert.Equal("/api/v1/prompts/{key}/execute", Tag(server, "http.route"));
        Assert.Equal("POST", Tag(server, "http.request.method"));
        Assert.Equal(200, Tag(server, "http.response.status_code"));
        Assert.Equal(requestId, Tag(server, "promptconsole.request.id"));
        Assert.Equal(requestId, Tag(Single(spans, $"execute {key}"), "promptconsole.request.id"));
    }

    [Fact]
    public async Task Without_an_X_Request_ID_each_response_gets_a_new_one()
    {
        var first = await app.Client.GetAsync("/healthz");
        var second = await app.Client.GetAsync("/healthz");

        var firstId = Assert.Single(first.Headers.GetValues("X-Request-ID"));
        var secondId = Assert.Single(second.Headers.GetValues("X-Request-ID"));
        Assert.Matches("^[0-9a-f]{32}$", firstId);
        Assert.Matches("^[0-9a-f]{32}$", secondId);
        Assert.NotEqual(firstId, secondId);
    }

    [Theory]
    [InlineData("tab\tinside")]
    [InlineData("naïve-ümlaut")]
    [InlineData("   ")]
    [InlineData("way-too-long")]
    public async Task An_unusable_X_Request_ID_is_replaced_not_echoed(string sent)
    {
        if (sent == "way-too-long")
            sent = new string('r', 129);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.TryAddWithoutValidation("X-Request-ID", sent);

        var response = await app.Client.SendAsync(request);

        var returned = Assert.Single(response.Headers.GetValues("X-Request-ID"));
        Assert.NotEqual(sent, returned);
        Assert.Matches("^[0-9a-f]{32}$", returned);
    }

    [Fact]
    public async Task Error_responses_carry_the_request_id_and_traceparent_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/prompts/{NewKey("absent")}/execute")
        {
            Content = new StringContent("{\"variables\":{}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Request-ID", "lost-prompt-1");

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("lost-prompt-1", Assert.Single(response.Headers.GetValues("X-Request-ID")));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", Assert.Single(response.Headers.GetValues("traceparent")));
    }
}
