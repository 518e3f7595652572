using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using PromptConsole.Domain.Execution;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary><c>PromptConsole:Tracing:Enabled=false</c> (the "telemetry off" side of the benchmark).</summary>
[Collection(TracingCollection.Name)]
public sealed class TracingSwitchTests
{
    [Fact]
    public async Task Switched_off_no_span_is_created_even_for_a_listener_that_wants_them_all()
    {
        // A listener that records everything from a "PromptConsole" source: if the application
        // started any span, this would get it, whatever the host's own tracer provider does.
        var started = new ConcurrentQueue<Activity>();
        using var greedy = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PromptConsoleTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(greedy);

        using var app = new PromptConsoleFactory().WithSetting("PromptConsole:Tracing:Enabled", "false");
        var client = app.CreateClient();
        var key = TracingApp.NewKey("untraced");
        await client.CreateDeployedPromptAsync(key, new { template = "Say {{word}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "word" } } });

        var (status, body, response) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { word = "hello" } });
        var chat = await client.PostJsonAsync("/v1/chat/completions", new { model = "sim-fast", messages = new[] { new { role = "user", content = "hi" } } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, chat.Status);
        Assert.Null((string?)body!["traceId"]);
        Assert.False(response.Headers.Contains("traceparent"));
        Assert.Matches("^[0-9a-f]{32}$", Assert.Single(response.Headers.GetValues("X-Request-ID"))); // correlation does not depend on tracing
        Assert.Null(app.Services.GetService<TracerProvider>()); // no provider at all, so nothing listens to requests
        Assert.DoesNotContain(started, a => Equals(a.GetTagItem(SpanAttributeNames.PromptKey), key) || a.DisplayName.EndsWith(key, StringComparison.Ordinal));

        await app.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>().CreateDbContextAsync();
        var recorded = await db.Set<ExecutionRecord>().SingleAsync(r => r.PromptKey == key);
        Assert.Null(recorded.TraceId);
        Assert.NotNull(recorded.Stages); // stage timings do not depend on tracing either
    }

    [Fact]
    public void The_same_tracing_object_switched_on_creates_spans_for_that_listener()
    {
        // The control for the test above: the listener does see spans when the source exists.
        var started = new ConcurrentQueue<Activity>();
        using var greedy = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PromptConsoleTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = started.Enqueue,
        };
        ActivitySource.AddActivityListener(greedy);
        var key = TracingApp.NewKey("control");

        using (var on = new PromptConsoleTracing(enabled: true))
        using (var execution = on.StartExecution(key))
        {
            Assert.NotNull(execution);
            Assert.Equal(execution.TraceId.ToHexString(), on.TraceIdOf(execution));
        }

        using (var off = new PromptConsoleTracing(enabled: false))
        {
            Assert.Null(off.StartExecution(key));
            Assert.Null(off.TraceIdOf(null));
        }

        Assert.Single(started, a => a.DisplayName == $"execute {key}");
    }
}
