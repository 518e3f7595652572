using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>OTLP export to a collector stand-in on 127.0.0.1, and no export at all without an endpoint.</summary>
[Collection(TracingCollection.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Spans_are_posted_to_the_collectors_v1_traces_as_protobuf_and_flushed_at_shutdown()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        string key;
        string traceId;
        using (var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Tracing:OtlpEndpoint", collector.BaseUrl.ToString())
            .WithSetting("PromptConsole:Tracing:OtlpProtocol", "http/protobuf")
            .WithSetting("PromptConsole:Tracing:ServiceName", "promptconsole-otlp-test"))
        {
            var client = app.CreateClient();
            Assert.Equal(new Uri(collector.BaseUrl, "/v1/traces"), app.Services.GetRequiredService<TracerProviderHost>().ExportEndpoint);
            key = TracingApp.NewKey("exported");
            await client.CreateDeployedPromptAsync(key, new { template = "Say {{word}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "word" } } });
            var (status, body, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { word = "hello" } });
            Assert.Equal(HttpStatusCode.OK, status);
            traceId = (string)body!["traceId"]!;
        } // stopping the host disposes the tracer provider, which exports what is still batched

        var exports = collector.Requests;
        Assert.NotEmpty(exports);
        Assert.All(exports, e =>
        {
            Assert.Equal("POST", e.Method);
            Assert.Equal("/v1/traces", e.Path);
            Assert.Equal("application/x-protobuf", e.ContentType);
        });

        // Protobuf writes trace ids as raw bytes and strings as UTF-8, so both can be found in the payload.
        var payload = exports.SelectMany(e => e.Body).ToArray();
        Assert.True(Contains(payload, Convert.FromHexString(traceId)), "the execution's trace id is not in any export");
        Assert.True(Contains(payload, Encoding.UTF8.GetBytes($"execute {key}")), "the execution span is not in any export");
        Assert.True(Contains(payload, Encoding.UTF8.GetBytes("promptconsole-otlp-test")), "the service name is not in any export");
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
                var host = app.Services.GetRequiredService<TracerProviderHost>();
                Assert.True(host.IsRunning);
                Assert.Null(host.ExportEndpoint);
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
