using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry.Tracing;

public sealed class TracingOptionsTests
{
    public static TheoryData<string, string?, string, double, string, string?> Cases => new()
    {
        // case, endpoint, protocol, ratio, service name → the setting named in the failure (null = valid)
        { "defaults", null, "http/protobuf", 1.0, "promptconsole", null },
        { "grpc over https", "https://collector.internal:4317", "grpc", 0.25, "gateway", null },
        { "protocol in capitals", "http://collector:4318", "HTTP/PROTOBUF", 1.0, "gateway", null },
        { "nothing sampled", null, "grpc", 0.0, "gateway", null },
        { "blank endpoint means none", "  ", "http/protobuf", 1.0, "gateway", null },
        { "ratio above one", null, "http/protobuf", 1.5, "gateway", "SamplingRatio" },
        { "negative ratio", null, "http/protobuf", -0.1, "gateway", "SamplingRatio" },
        { "ratio not a number", null, "http/protobuf", double.NaN, "gateway", "SamplingRatio" },
        { "unknown protocol", null, "http/json", 1.0, "gateway", "OtlpProtocol" },
        { "empty protocol", null, "", 1.0, "gateway", "OtlpProtocol" },
        { "endpoint without scheme", "collector:4318", "http/protobuf", 1.0, "gateway", "OtlpEndpoint" },
        { "relative endpoint", "/v1/traces", "http/protobuf", 1.0, "gateway", "OtlpEndpoint" },
        { "endpoint not http", "ftp://collector", "grpc", 1.0, "gateway", "OtlpEndpoint" },
        { "endpoint with a query", "http://collector:4318?token=x", "http/protobuf", 1.0, "gateway", "OtlpEndpoint" },
        { "blank service name", null, "grpc", 1.0, " ", "ServiceName" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Options_are_validated_setting_by_setting(string @case, string? endpoint, string protocol, double ratio, string serviceName, string? failingSetting)
    {
        var options = new TracingOptions { OtlpEndpoint = endpoint, OtlpProtocol = protocol, SamplingRatio = ratio, ServiceName = serviceName };

        var result = new TracingOptionsValidator().Validate(null, options);

        if (failingSetting is null)
        {
            Assert.True(result.Succeeded, $"{@case}: {result.FailureMessage}");
            return;
        }

        Assert.True(result.Failed, @case);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"PromptConsole:Tracing:{failingSetting} ", failure);
    }

    [Theory]
    [InlineData("http://collector:4318", "http/protobuf", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http/protobuf", "http://collector:4318/v1/traces")]
    [InlineData("https://otel.example/ingest", "http/protobuf", "https://otel.example/ingest/v1/traces")]
    [InlineData("http://collector:4318/v1/traces", "http/protobuf", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/v1/traces/", "http/protobuf", "http://collector:4318/v1/traces/")]
    [InlineData("http://collector:4318/v1/metrics", "http/protobuf", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4317", "grpc", "http://collector:4317/")]
    [InlineData("http://collector:4317/custom", "grpc", "http://collector:4317/custom")]
    public void Http_exports_go_to_the_signal_path_and_grpc_to_the_address_as_given(string configured, string protocol, string expected)
    {
        var parsed = new TracingOptions { OtlpProtocol = protocol }.ParsedProtocol;
        Assert.NotNull(parsed);

        Assert.Equal(new Uri(expected), TracingOptions.TracesEndpoint(new Uri(configured), parsed.Value));
    }

    [Theory]
    [InlineData("http://collector:4318", "http/protobuf", "http://collector:4318/v1/metrics")]
    [InlineData("https://otel.example/ingest/", "http/protobuf", "https://otel.example/ingest/v1/metrics")]
    [InlineData("http://collector:4318/v1/metrics", "http/protobuf", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4318/v1/traces", "http/protobuf", "http://collector:4318/v1/metrics")]
    [InlineData("http://collector:4317", "grpc", "http://collector:4317/")]
    public void Metric_exports_go_to_the_same_collector_under_their_own_signal_path(string configured, string protocol, string expected)
    {
        var parsed = new TracingOptions { OtlpProtocol = protocol }.ParsedProtocol;
        Assert.NotNull(parsed);

        Assert.Equal(new Uri(expected), TracingOptions.MetricsEndpoint(new Uri(configured), parsed.Value));
    }

    [Theory]
    // ratio, parent (none / sampled / not sampled), expected decision
    [InlineData(1.0, "none", SamplingDecision.RecordAndSample)]
    [InlineData(0.0, "none", SamplingDecision.Drop)]
    [InlineData(0.0, "sampled", SamplingDecision.RecordAndSample)]
    [InlineData(1.0, "not-sampled", SamplingDecision.Drop)]
    [InlineData(0.5, "sampled", SamplingDecision.RecordAndSample)]
    [InlineData(0.5, "not-sampled", SamplingDecision.Drop)]
    public void Sampling_follows_the_callers_decision_and_the_ratio_only_decides_new_traces(double ratio, string parent, SamplingDecision expected)
    {
        var decision = DecisionFor(TraceSampler.For(ratio), parent);

        Assert.Equal(expected, decision);
    }

    [Theory]
    // exporter, reader declared (RecordWithoutExporter), parent, expected decision at ratio 1
    [InlineData(false, false, "none", SamplingDecision.Drop)]
    [InlineData(false, false, "sampled", SamplingDecision.RecordAndSample)]
    [InlineData(false, false, "not-sampled", SamplingDecision.Drop)]
    [InlineData(true, false, "none", SamplingDecision.RecordAndSample)]
    [InlineData(false, true, "none", SamplingDecision.RecordAndSample)]
    [InlineData(true, true, "not-sampled", SamplingDecision.Drop)]
    public void New_traces_are_recorded_only_when_something_reads_the_spans(bool exporter, bool reader, string parent, SamplingDecision expected)
    {
        var options = new TracingOptions
        {
            OtlpEndpoint = exporter ? "http://collector:4318" : null,
            RecordWithoutExporter = reader,
            SamplingRatio = 1.0,
        };

        var decision = DecisionFor(TraceSampler.For(options), parent);

        Assert.Equal(expected, decision);
    }

    /// <summary>The sampler's decision for a server span whose caller sent no traceparent ("none"), a sampled one or an unsampled one.</summary>
    private static SamplingDecision DecisionFor(Sampler sampler, string parent)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var parentContext = parent switch
        {
            "sampled" => new ActivityContext(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true),
            "not-sampled" => new ActivityContext(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true),
            _ => default,
        };
        return sampler.ShouldSample(new SamplingParameters(parentContext, traceId, "POST /api/v1/prompts/{key}/execute", ActivityKind.Server)).Decision;
    }

    [Fact]
    public void A_ratio_between_zero_and_one_samples_about_that_share_of_new_traces()
    {
        var sampler = TraceSampler.For(0.25);
        var sampled = Enumerable.Range(0, 4000)
            .Count(_ => sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "execute", ActivityKind.Internal)).Decision == SamplingDecision.RecordAndSample);

        Assert.InRange(sampled, 850, 1150); // 1000 expected; ±150 is more than 5 standard deviations
    }

    [Fact]
    public void A_bad_setting_stops_the_application_from_starting_and_names_itself()
    {
        using var app = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Tracing:SamplingRatio", "2")
            .WithSetting("PromptConsole:Tracing:OtlpProtocol", "thrift");

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("PromptConsole:Tracing:SamplingRatio must be between 0 and 1 (is 2)", failure.Message);
        Assert.Contains("PromptConsole:Tracing:OtlpProtocol must be 'http/protobuf' or 'grpc' (is 'thrift')", failure.Message);
    }
}
