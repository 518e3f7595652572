using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// Tests that look at spans run alone: activity listeners are process-wide, so a host sampling
/// (or a test listening) would otherwise change what another test's host creates.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection : ICollectionFixture<TracingApp>
{
    public const string Name = "Tracing";
}

/// <summary>
/// One traced application for the collection: the instant simulator, "sim-broken" (every call
/// fails transiently) and "gpt-test" served by an OpenAI-compatible server inside the test.
/// Debug logs of the application's own categories are on, so every execution writes a line.
/// </summary>
public class TracingApp : IAsyncLifetime
{
    public FakeOpenAiServer Upstream { get; private set; } = null!;

    public TracedAppFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public SpanCollector Spans => Factory.Spans;

    public JsonLogCapture Logs => Factory.Logs;

    /// <summary>Whether the collector counts as a reader of spans (<c>Tracing:RecordWithoutExporter</c>); nothing is exported.</summary>
    protected virtual bool RecordsWithoutExporter => true;

    public async Task InitializeAsync()
    {
        Upstream = await FakeOpenAiServer.StartAsync();
        Factory = new TracedAppFactory(RecordsWithoutExporter);
        WithBrokenAndUpstreamModels(Factory, Upstream)
            .WithSetting("Logging:LogLevel:PromptConsole", "Debug");
        Client = Factory.CreateClient();
    }

    public static PromptConsoleFactory WithBrokenAndUpstreamModels(PromptConsoleFactory factory, FakeOpenAiServer upstream) => factory
        .WithSetting("PromptConsole:Providers:broken:Kind", "Simulator")
        .WithSetting("PromptConsole:Providers:broken:ErrorRate", "1")
        .WithSetting("PromptConsole:Providers:broken:LatencyMedianMs", "0")
        .WithSetting("PromptConsole:Providers:broken:LatencyP95Ms", "0")
        .WithSetting("PromptConsole:Models:sim-broken:Provider", "broken")
        .WithSetting("PromptConsole:Providers:upstream:Kind", "OpenAI")
        .WithSetting("PromptConsole:Providers:upstream:BaseUrl", upstream.BaseUrl.ToString())
        .WithSetting("PromptConsole:Providers:upstream:ApiKey", "test-key")
        .WithSetting("PromptConsole:Providers:upstream:Enabled", "true")
        .WithSetting("PromptConsole:Models:gpt-test:Provider", "upstream")
        .WithSetting("PromptConsole:Models:gpt-test:ProviderModel", "gpt-upstream-2024")
        .WithSetting("PromptConsole:Models:gpt-test:InputPer1K", "0.5")
        .WithSetting("PromptConsole:Models:gpt-test:OutputPer1K", "1.5");

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>The one execution record of <paramref name="promptKey"/>, once the recorder has written it.</summary>
    public async Task<ExecutionRecord> ReadRecordAsync(string promptKey)
    {
        var services = Factory.Services;
        await services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        var contexts = services.GetRequiredService<IDbContextFactory<PromptConsoleDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Set<ExecutionRecord>().SingleAsync(r => r.PromptKey == promptKey);
    }

    public static string NewKey(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>A deployed prompt "Describe {{topic}} to {{audience}}." on <paramref name="model"/>.</summary>
    public async Task<string> CreatePromptAsync(string prefix, string model = "sim-fast", object? checks = null)
    {
        var key = NewKey(prefix);
        await Client.CreateDeployedPromptAsync(key, new
        {
            template = "Describe {{topic}} to {{audience}}.",
            systemText = "You explain things plainly.",
            model = new { model, temperature = 0.5, maxTokens = 120 },
            variables = new object[] { new { name = "topic" }, new { name = "audience" } },
            checks,
        });
        return key;
    }

    public async Task<(System.Net.HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> ExecuteAsync(
        string key, string topic = "tides", Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/prompts/{key}/execute")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { variables = new { topic, audience = "children" } }),
        };
        configure?.Invoke(request);
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false) ? JsonNode.Parse(text) : null;
        return (response.StatusCode, body, response);
    }

    /// <summary>The trace id a response reports: its body's <c>traceId</c>, else its traceparent header.</summary>
    public static string TraceIdOf(HttpResponseMessage response, JsonNode? body)
    {
        if ((string?)body?["traceId"] is { } fromBody)
            return fromBody;
        var traceparent = response.Headers.GetValues("traceparent").Single();
        return traceparent.Split('-')[1];
    }

    public static Activity Single(IReadOnlyList<Activity> spans, string name) =>
        Assert.Single(spans, s => s.DisplayName == name);

    public static object? Tag(Activity span, string name) => span.GetTagItem(name);
}
