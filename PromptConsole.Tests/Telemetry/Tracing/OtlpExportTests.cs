using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Hosting;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>OTLP export of traces and metrics to a collector stand-in on 127.0.0.1, and no export at all without an endpoint.</summary>
[Collection(TracingCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Spans_are_posted_to_the_collectors_v1_traces_as_protobuf_and_flushed_at_shutdown()
    {
        using var sdkErrors = new OpenTelemetryErrors();
        await using var collector = await OtlpReceiver.StartAsync();
        string key;
        string traceId;
        string? traceparent;
        using (var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Tracing:OtlpEndpoint", collector.BaseUrl.ToString())
            .WithSetting("PromptConsole:Tracing:OtlpProtocol", "http/protobuf")
            .WithSetting("PromptConsole:Tracing:ServiceName", "promptconsole-otlp-test"))
        {
            var client = app.CreateClient();
            var exporters = app.Services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>();
            Assert.Equal(new Uri(collector.BaseUrl, "/v1/traces"), exporters.Get(OpenTelemetryExtensions.TraceExporterName).Endpoint);
            Assert.Equal(OtlpExportProtocol.HttpProtobuf, exporters.Get(OpenTelemetryExtensions.TraceExporterName).Protocol);
            key = TracingApp.NewKey("exported");
            await client.CreateDeployedPromptAsync(key, new { template = "Say {{word}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "word" } } });
            var (status, body, response) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { word = "hello" } });
            Assert.Equal(HttpStatusCode.OK, status);
            traceId = (string)body!["traceId"]!;
            traceparent = response.Headers.TryGetValues("traceparent", out var values) ? values.FirstOrDefault() : null;
        } // disposing the host disposes the tracer provider, which exports what is still batched

        var exports = collector.Requests.Where(e => e.Path == "/v1/traces").ToList();
        // This has failed now and then in the full suite only (never alone); the response's traceparent says whether
        // the execution was sampled (flags 01) and the other requests whether anything reached the collector at all.
        Assert.True(exports.Count > 0,
            $"no trace export reached the collector; execute answered traceparent {traceparent ?? "(none)"}; the collector saw " +
            $"[{string.Join(", ", collector.Requests.Select(e => e.Path))}] ({sdkErrors})");
        Assert.All(exports, e =>
        {
            Assert.Equal("POST", e.Method);
            Assert.Equal("application/x-protobuf", e.ContentType);
        });
        Assert.All(collector.Requests, e => Assert.Contains(e.Path, new[] { "/v1/traces", "/v1/metrics" }));

        // Protobuf writes trace ids as raw bytes and strings as UTF-8, so both can be found in the payload.
        var payload = exports.SelectMany(e => e.Body).ToArray();
        Assert.True(Contains(payload, Convert.FromHexString(traceId)), "the execution's trace id is not in any export");
        Assert.True(Contains(payload, Encoding.UTF8.GetBytes($"execute {key}")), "the execution span is not in any export");
        Assert.True(Contains(payload, Encoding.UTF8.GetBytes("promptconsole-otlp-test")), "the service name is not in any export");
    }

    [Fact]
    public async Task A_collector_slower_than_the_sdks_five_second_grace_still_gets_the_last_spans_before_the_host_has_stopped()
    {
        // The SDK alone gives the export at disposal five seconds and returns; this collector answers after seven,
        // and records the export only then. Flushing at host stop waits for the answer (the exporter allows ten).
        await using var collector = await OtlpReceiver.StartAsync(answerDelay: TimeSpan.FromSeconds(7));
        string key;
        using (var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Tracing:OtlpEndpoint", collector.BaseUrl.ToString())
            .WithSetting("PromptConsole:Tracing:ServiceName", "promptconsole-slow-collector"))
        {
            var client = app.CreateClient();
            key = TracingApp.NewKey("slow");
            await client.CreateDeployedPromptAsync(key, new { template = "Say {{word}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "word" } } });
            var (status, _, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { word = "hello" } });
            Assert.Equal(HttpStatusCode.OK, status);
        }

        var payload = collector.Requests.Where(e => e.Path == "/v1/traces").SelectMany(e => e.Body).ToArray();
        Assert.True(Contains(payload, Encoding.UTF8.GetBytes($"execute {key}")),
            $"the execution span had not reached the slow collector when the host had stopped; it saw [{string.Join(", ", collector.Requests.Select(e => e.Path))}]");
    }

    [Fact]
    public async Task Request_and_runtime_metrics_are_posted_to_v1_metrics_at_shutdown()
    {
        using var sdkErrors = new OpenTelemetryErrors();
        await using var collector = await OtlpReceiver.StartAsync();
        using (var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Tracing:OtlpEndpoint", collector.BaseUrl.ToString())
            .WithSetting("PromptConsole:Tracing:ServiceName", "promptconsole-metrics-test"))
        {
            var client = app.CreateClient();
            Assert.Equal(new Uri(collector.BaseUrl, "/v1/metrics"),
                app.Services.GetRequiredService<IOptionsMonitor<OtlpExporterOptions>>().Get(OpenTelemetryExtensions.MetricExporterName).Endpoint);
            var key = TracingApp.NewKey("metered");
            await client.CreateDeployedPromptAsync(key, new { template = "Say {{word}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "word" } } });
            var (status, _, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { word = "hello" } });
            Assert.Equal(HttpStatusCode.OK, status);
        } // the periodic reader collects and exports once more when the meter provider is disposed

        var exports = collector.Requests.Where(e => e.Path == "/v1/metrics").ToList();
        Assert.True(exports.Count > 0, $"no metrics export reached the collector ({sdkErrors})");
        Assert.All(exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
        var payload = exports.SelectMany(e => e.Body).ToArray();
        foreach (var name in new[] { "http.server.request.duration", "dotnet.gc.collections", "promptconsole-metrics-test" })
            Assert.True(Contains(payload, Encoding.UTF8.GetBytes(name)), $"{name} is not in any metrics export");
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported_even_when_the_standard_environment_variable_names_one()
    {
        await using var collector = await OtlpReceiver.StartAsync();

        // Were an exporter added with default options, it would read these and post to the collector.
        // This collection runs alone, so the process-wide variables reach no other test's host.
        var previousEndpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        var previousProtocol = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL");
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", collector.BaseUrl.ToString());
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        try
        {
            using (var app = new PromptConsoleFactory())
            {
                var client = app.CreateClient();
                Assert.NotNull(app.Services.GetService<TracerProvider>());
                Assert.Null(app.Services.GetService<MeterProvider>()); // no reader would read it
                var key = TracingApp.NewKey("unexported");
                await client.CreateDeployedPromptAsync(key, new { template = "Say {{word}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "word" } } });
                var (status, body, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { word = "hello" } });
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.NotNull((string?)body!["traceId"]); // spans exist; they are just not sent anywhere
            }

            Assert.Empty(collector.Requests);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", previousEndpoint);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", previousProtocol);
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
