using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services;
using static PromptConsole.Tests.Telemetry.Tracing.TracingApp;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>The span tree of prompt executions: one execution span, a child per stage, one span per provider attempt.</summary>
[Collection(TracingCollection.Name)]
public sealed class ExecutionTracingTests(TracingApp app)
{
    private static readonly string[] SimulatedFailureTypes = ["provider_error", "rate_limited"];

    [Fact]
    public async Task A_successful_execution_is_one_span_under_the_request_with_a_child_per_stage()
    {
        var key = await app.CreatePromptAsync("traced-ok", model: "gpt-test", checks: new { maxLength = 2000 });
        app.Upstream.ReplyNext("Tides are the sea breathing slowly.");

        var (status, body, _) = await app.ExecuteAsync(key, topic: "tides");

        Assert.Equal(HttpStatusCode.OK, status);
        var traceId = (string?)body!["traceId"];
        Assert.NotNull(traceId);
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var spans = await app.Spans.WaitForRequestAsync(traceId);

        var server = SpanCollector.ApplicationServerSpan(spans);
        var execution = Single(spans, $"execute {key}");
        Assert.Equal(server.SpanId, execution.ParentSpanId);
        var stages = spans.Where(s => s.ParentSpanId == execution.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.DisplayName).ToArray();
        // The exact cache is off for this prompt: a stage with nothing to do is not a span.
        Assert.Equal(["route", "render", "chat gpt-test", "output_checks", "record"], stages);

        // The provider call carries the trace on (traceparent), so the upstream's own server span joins it,
        // inside the attempt (its parent is the HTTP client's unrecorded activity, so time is compared).
        var upstream = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s != server);
        var call = Single(spans, "chat gpt-test");
        Assert.InRange(upstream.StartTimeUtc, call.StartTimeUtc, call.StartTimeUtc + call.Duration);

        Assert.Equal(ActivityStatusCode.Unset, execution.Status);
        Assert.Null(Tag(execution, "error.type"));
        Assert.Equal("chat", Tag(execution, "gen_ai.operation.name"));
        Assert.Equal("upstream", Tag(execution, "gen_ai.provider.name"));
        Assert.Equal("gpt-test", Tag(execution, "gen_ai.request.model"));
        Assert.Equal("gpt-test", Tag(execution, "gen_ai.response.model"));
        Assert.Equal(app.Upstream.PromptTokens, Tag(execution, "gen_ai.usage.input_tokens"));
        Assert.Equal(app.Upstream.CompletionTokens, Tag(execution, "gen_ai.usage.output_tokens"));
        Assert.Equal(key, Tag(execution, "promptconsole.prompt.key"));
        Assert.Equal(1, Tag(execution, "promptconsole.prompt.version"));
        Assert.Equal("label", Tag(execution, "promptconsole.route.kind"));
        Assert.Equal("production", Tag(execution, "promptconsole.route.id"));
        Assert.Equal((string?)body["executionId"], Tag(execution, "promptconsole.execution.id"));
        // The prompt has not switched the exact cache on: there is no cache stage to report a miss.
        Assert.DoesNotContain(spans, s => s.DisplayName == "cache");

        var attempt = Single(spans, "chat gpt-test");
        Assert.Equal(ActivityKind.Client, attempt.Kind);
        Assert.Equal("chat", Tag(attempt, "gen_ai.operation.name"));
        Assert.Equal("upstream", Tag(attempt, "gen_ai.provider.name"));
        Assert.Equal("gpt-test", Tag(attempt, "gen_ai.request.model"));
        Assert.Equal("gpt-upstream-2024", Tag(attempt, "gen_ai.response.model"));
        Assert.Equal(1, Tag(attempt, "promptconsole.attempt.number"));
        Assert.Equal(0.5, Tag(attempt, "gen_ai.request.temperature"));
        Assert.Equal(120, Tag(attempt, "gen_ai.request.max_tokens"));
        Assert.Equal(app.Upstream.PromptTokens, Tag(attempt, "gen_ai.usage.input_tokens"));

        // Neither the rendered prompt, the variable nor the answer is on any span.
        foreach (var span in spans)
        {
            foreach (var (name, value) in span.TagObjects)
            {
                var text = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.DoesNotContain("tides", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("plainly", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("breathing", text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task A_retried_call_has_one_span_per_attempt_and_the_failed_one_says_why()
    {
        var key = await app.CreatePromptAsync("traced-retry", model: "gpt-test");
        app.Upstream.FailNext(503, times: 1);

        var (status, body, _) = await app.ExecuteAsync(key);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, (int)body!["attempts"]!);
        var spans = await app.Spans.WaitForRequestAsync((string)body["traceId"]!);
        var execution = Single(spans, $"execute {key}");
        var attempts = spans.Where(s => s.DisplayName == "chat gpt-test").OrderBy(s => (int)Tag(s, "promptconsole.attempt.number")!).ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.All(attempts, a => Assert.Equal(execution.SpanId, a.ParentSpanId));

        Assert.Equal(1, Tag(attempts[0], "promptconsole.attempt.number"));
        Assert.Equal("provider_error", Tag(attempts[0], "error.type"));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal(2, Tag(attempts[1], "promptconsole.attempt.number"));
        Assert.Null(Tag(attempts[1], "error.type"));
        Assert.Equal(ActivityStatusCode.Unset, attempts[1].Status);

        Assert.Equal(ActivityStatusCode.Unset, execution.Status);
        Assert.Equal(2, Tag(execution, "promptconsole.attempts"));
    }

    [Fact]
    public async Task A_provider_failure_fails_the_execution_span_and_leaves_out_the_output_checks()
    {
        var key = await app.CreatePromptAsync("traced-fail", model: "sim-broken");

        var (status, body, response) = await app.ExecuteAsync(key);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        var traceId = TraceIdOf(response, null);
        var spans = await app.Spans.WaitForRequestAsync(traceId);
        var execution = Single(spans, $"execute {key}");
        var attempts = spans.Where(s => s.DisplayName == "chat sim-broken").OrderBy(s => (int)Tag(s, "promptconsole.attempt.number")!).ToArray();
        Assert.Equal(3, attempts.Length); // the first try and two retries (appsettings: MaxRetries 2)
        Assert.All(attempts, a =>
        {
            Assert.Equal(ActivityStatusCode.Error, a.Status);
            Assert.Contains((string?)Tag(a, "error.type"), SimulatedFailureTypes);
            Assert.Equal(true, Tag(a, "promptconsole.model.simulated"));
        });

        Assert.Equal(ActivityStatusCode.Error, execution.Status);
        Assert.Equal(Tag(attempts[^1], "error.type"), Tag(execution, "error.type"));
        Assert.Equal("provider_failed", Tag(execution, "promptconsole.execution.outcome"));
        Assert.Null(Tag(execution, "gen_ai.response.model"));
        Assert.DoesNotContain(spans, s => s.DisplayName == "output_checks");
        Assert.Contains(spans, s => s.DisplayName == "record" && s.ParentSpanId == execution.SpanId);

        var server = SpanCollector.ApplicationServerSpan(spans);
        Assert.Equal(502, Tag(server, "http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, server.Status);
        Assert.Contains(traceId, (string?)body!["traceId"]); // the framework's problem details name the request's activity
    }

    [Fact]
    public async Task A_rejected_request_is_a_failed_execution_span_but_not_a_failed_server_span()
    {
        var key = NewKey("traced-missing");

        var (status, _, response) = await app.ExecuteAsync(key);

        Assert.Equal(HttpStatusCode.NotFound, status);
        var spans = await app.Spans.WaitForRequestAsync(TraceIdOf(response, null));
        var execution = Single(spans, $"execute {key}");
        Assert.Equal("prompt-not-found", Tag(execution, "error.type"));
        Assert.Equal(ActivityStatusCode.Error, execution.Status);
        Assert.Equal("prompt-not-found", Tag(Single(spans, "route"), "error.type"));
        var server = SpanCollector.ApplicationServerSpan(spans);
        Assert.Equal(404, Tag(server, "http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, server.Status);
    }

    [Fact]
    public async Task An_execution_without_output_checks_or_cache_has_no_span_for_them()
    {
        var key = await app.CreatePromptAsync("traced-lean", model: "gpt-test");
        app.Upstream.ReplyNext("Lean.");

        var (status, body, _) = await app.ExecuteAsync(key);

        Assert.Equal(HttpStatusCode.OK, status);
        var spans = await app.Spans.WaitForRequestAsync((string)body!["traceId"]!);
        var execution = Single(spans, $"execute {key}");
        var stages = spans.Where(s => s.ParentSpanId == execution.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.DisplayName).ToArray();
        Assert.Equal(["route", "render", "chat gpt-test", "record"], stages);
    }

    [Fact]
    public async Task The_record_carries_the_trace_id_and_the_time_of_each_stage()
    {
        var okKey = await app.CreatePromptAsync("timed-ok", checks: new { maxLength = 2000 });
        var failKey = await app.CreatePromptAsync("timed-fail", model: "sim-broken");

        var (okStatus, okBody, _) = await app.ExecuteAsync(okKey);
        var (failStatus, _, failResponse) = await app.ExecuteAsync(failKey);

        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(HttpStatusCode.BadGateway, failStatus);
        var ok = await app.ReadRecordAsync(okKey);
        Assert.Equal((string?)okBody!["traceId"], ok.TraceId);
        Assert.NotNull(ok.Stages);
        Assert.All(new[] { ok.Stages.RouteMs, ok.Stages.RenderMs, ok.Stages.ProviderMs, ok.Stages.ChecksMs }, ms =>
        {
            Assert.NotNull(ms);
            Assert.InRange(ms.Value, 0, ok.LatencyMs);
        });
        Assert.Null(ok.Stages.CacheMs); // the prompt's cache is off: no cache stage
        var stageSum = ok.Stages.RouteMs!.Value + ok.Stages.RenderMs!.Value + ok.Stages.ProviderMs!.Value + ok.Stages.ChecksMs!.Value;
        Assert.True(stageSum <= ok.LatencyMs + 0.001, $"stages {stageSum} ms > latency {ok.LatencyMs} ms");

        var failed = await app.ReadRecordAsync(failKey);
        Assert.Equal(TraceIdOf(failResponse, null), failed.TraceId);
        Assert.NotNull(failed.Stages!.ProviderMs);
        Assert.Null(failed.Stages.ChecksMs); // no answer, nothing to check
    }

    private static double RenderCount(string metrics) =>
        double.Parse(Regex.Match(metrics, "^promptconsole_template_render_duration_seconds_count (\\S+)$", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_render_stage_is_measured_in_the_template_render_histogram()
    {
        // One series for every prompt (other tests in this class render too): two executions add two renders.
        var key = await app.CreatePromptAsync("render-metric");
        var before = RenderCount(await app.Client.GetStringAsync("/metrics"));
        await app.ExecuteAsync(key);
        await app.ExecuteAsync(key);

        var metrics = await app.Client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE promptconsole_template_render_duration_seconds histogram", metrics);
        Assert.True(RenderCount(metrics) >= before + 2, $"render count {RenderCount(metrics)}, before {before}");
    }

    [Fact]
    public async Task A_chat_completion_is_an_execution_span_with_its_attempts_and_record()
    {
        app.Upstream.FailNext(503, times: 1);

        var response = await app.Client.PostAsync("/v1/chat/completions", Json(new
        {
            model = "gpt-test",
            messages = new[] { new { role = "user", content = "Tell me about lighthouses." } },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await app.Spans.WaitForRequestAsync(TraceIdOf(response, null));
        var execution = Single(spans, "execute _chat");
        Assert.Equal("_chat", Tag(execution, "promptconsole.prompt.key"));
        Assert.Equal("gpt-test", Tag(execution, "gen_ai.request.model"));
        Assert.Equal("gpt-test", Tag(execution, "gen_ai.response.model"));
        Assert.Equal("upstream", Tag(execution, "gen_ai.provider.name"));
        Assert.Equal(app.Upstream.CompletionTokens, Tag(execution, "gen_ai.usage.output_tokens"));
        var children = spans.Where(s => s.ParentSpanId == execution.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.DisplayName).ToArray();
        Assert.Equal(["chat gpt-test", "chat gpt-test", "record"], children);
        Assert.Equal("provider_error", Tag(spans.First(s => Equals(Tag(s, "promptconsole.attempt.number"), 1)), "error.type"));
    }

    [Fact]
    public async Task A_streamed_chat_completion_keeps_its_span_open_until_the_stream_ends()
    {
        app.Upstream.ReplyNext("Lighthouses warn ships away from rocks.");

        var response = await app.Client.PostAsync("/v1/chat/completions", Json(new
        {
            model = "gpt-test",
            stream = true,
            messages = new[] { new { role = "user", content = "Tell me about lighthouses." } },
        }));
        var events = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data: [DONE]", events);
        var spans = await app.Spans.WaitForRequestAsync(TraceIdOf(response, null));
        var execution = Single(spans, "execute _chat");
        Assert.Equal(true, Tag(execution, "promptconsole.streamed"));
        Assert.Equal("success", Tag(execution, "promptconsole.execution.outcome"));
        Assert.True((int)Tag(execution, "gen_ai.usage.output_tokens")! > 0);
        var attempt = Single(spans, "chat gpt-test");
        var record = Single(spans, "record");
        Assert.Equal(execution.SpanId, attempt.ParentSpanId);
        Assert.Equal(execution.SpanId, record.ParentSpanId);
        Assert.Equal(true, Tag(attempt, "promptconsole.streamed"));

        // The attempt ends at the first update; the execution only once the last piece was recorded.
        Assert.True(attempt.StartTimeUtc + attempt.Duration <= record.StartTimeUtc);
        Assert.True(record.StartTimeUtc + record.Duration <= execution.StartTimeUtc + execution.Duration);
    }

    [Fact]
    public async Task Console_runs_start_a_trace_of_their_own_while_api_calls_join_the_current_one()
    {
        var key = await app.CreatePromptAsync("console-run");
        var executor = app.Factory.Services.GetRequiredService<IPromptExecutor>();
        var variables = new Dictionary<string, VariableValue>
        {
            ["topic"] = VariableValue.FromString("comets"),
            ["audience"] = VariableValue.FromString("adults"),
        };

        // Stands for a console circuit's request activity, which lives as long as the circuit.
        using var circuitSource = new ActivitySource(PromptConsoleTracing.SourceName);
        using var circuit = circuitSource.StartActivity("circuit");
        Assert.NotNull(circuit);
        var fromConsole = await executor.ExecuteAsync(new ExecuteCommand(key, variables, Origin: ExecutionOrigin.Console));
        var fromApi = await executor.ExecuteAsync(new ExecuteCommand(key, variables, Origin: ExecutionOrigin.Api));
        Assert.Same(circuit, Activity.Current);
        circuit.Stop();

        Assert.True(fromConsole.IsSuccess);
        Assert.True(fromApi.IsSuccess);
        Assert.NotEqual(circuit.TraceId.ToHexString(), fromConsole.Value.TraceId);
        var consoleExecution = Single(app.Spans.Trace(fromConsole.Value.TraceId!), $"execute {key}");
        Assert.Equal(default, consoleExecution.ParentSpanId);
        Assert.Equal("console", Tag(consoleExecution, "promptconsole.execution.origin"));
        Assert.Equal(circuit.TraceId.ToHexString(), fromApi.Value.TraceId);
        Assert.Equal(circuit.SpanId, Single(app.Spans.Trace(circuit.TraceId), $"execute {key}").ParentSpanId);
    }

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
