using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// <c>PromptConsole:Tracing</c>: whether spans exist at all, how many traces are kept, and where
/// they are exported (OTLP). Spans exist without an endpoint too: trace ids then still tie a
/// response, its record and its log lines together.
/// </summary>
public sealed class TracingOptions
{
    public const string SectionName = "PromptConsole:Tracing";

    public const string GrpcProtocol = "grpc";
    public const string HttpProtobufProtocol = "http/protobuf";

    private const string TracesPath = "/v1/traces";
    private const string MetricsPath = "/v1/metrics";

    /// <summary>False creates no span at all (no tracer provider, no trace ids in responses, records or logs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The collector's base address, e.g. <c>http://collector:4318</c> (http/protobuf) or
    /// <c>http://collector:4317</c> (grpc); null exports nothing. Traces and metrics (ASP.NET Core,
    /// HttpClient and runtime instruments; the product's own metrics are on /metrics) both go there, whatever
    /// <see cref="Enabled"/> says about spans. For http/protobuf the signal paths <c>/v1/traces</c>
    /// and <c>/v1/metrics</c> are appended unless the address already ends with one.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (the OpenTelemetry default) or <c>grpc</c>.</summary>
    public string OtlpProtocol { get; set; } = HttpProtobufProtocol;

    /// <summary>
    /// Share of new traces recorded, 0..1. Parent-based: a request that arrives with a
    /// <c>traceparent</c> follows the caller's decision instead.
    /// </summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>
    /// False (default): without an <see cref="OtlpEndpoint"/> new traces are not recorded, since nothing
    /// would read the spans; they still get trace ids (responses, records and log lines keep them) and
    /// a request that arrives with a sampled <c>traceparent</c> is still recorded, so the caller's trace
    /// continues to the provider. True records as <see cref="SamplingRatio"/> says even so, for a host
    /// that reads spans in process (its own processor on the tracer provider).
    /// </summary>
    public bool RecordWithoutExporter { get; set; }

    /// <summary>The <c>service.name</c> resource attribute of exported spans.</summary>
    public string ServiceName { get; set; } = "promptconsole";

    /// <summary>The placeholder in <see cref="TraceUrlTemplate"/> that the trace id replaces.</summary>
    public const string TraceIdPlaceholder = "{traceId}";

    /// <summary>
    /// Where the console links a trace id to, e.g. <c>http://localhost:16686/trace/{traceId}</c>
    /// (Jaeger) or a Tempo/Grafana explore URL; empty shows the trace id without a link.
    /// </summary>
    public string? TraceUrlTemplate { get; set; }

    /// <summary>The trace UI's address for <paramref name="traceId"/>, or null when no template is configured.</summary>
    public string? TraceUrl(string? traceId) =>
        string.IsNullOrWhiteSpace(TraceUrlTemplate) || string.IsNullOrWhiteSpace(traceId)
            ? null
            : TraceUrlTemplate.Trim().Replace(TraceIdPlaceholder, Uri.EscapeDataString(traceId), StringComparison.Ordinal);

    /// <summary>True when an endpoint is set; an empty value (e.g. a blanked environment variable) means none.</summary>
    public bool Exports => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    /// <summary>The protocol, or null when <see cref="OtlpProtocol"/> names none (the validator reports it).</summary>
    public OtlpExportProtocol? ParsedProtocol => OtlpProtocol?.Trim().ToLowerInvariant() switch
    {
        GrpcProtocol => OtlpExportProtocol.Grpc,
        HttpProtobufProtocol => OtlpExportProtocol.HttpProtobuf,
        _ => null,
    };

    /// <summary>
    /// Where trace exports go. The OTLP exporter uses a programmatically set endpoint as is (only
    /// its environment variables get the signal path), so the path is added here for http/protobuf.
    /// </summary>
    public static Uri TracesEndpoint(Uri baseAddress, OtlpExportProtocol protocol) =>
        SignalEndpoint(baseAddress, protocol, TracesPath, MetricsPath);

    /// <summary>Where metric exports go: as <see cref="TracesEndpoint"/>, with <c>/v1/metrics</c>.</summary>
    public static Uri MetricsEndpoint(Uri baseAddress, OtlpExportProtocol protocol) =>
        SignalEndpoint(baseAddress, protocol, MetricsPath, TracesPath);

    private static Uri SignalEndpoint(Uri baseAddress, OtlpExportProtocol protocol, string signalPath, string otherSignalPath)
    {
        if (protocol != OtlpExportProtocol.HttpProtobuf)
            return baseAddress;
        var path = baseAddress.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(signalPath, StringComparison.Ordinal))
            return baseAddress;

        // An address written with the other signal's path (e.g. …/v1/traces) still names the collector.
        if (path.EndsWith(otherSignalPath, StringComparison.Ordinal))
            path = path[..^otherSignalPath.Length];
        return new UriBuilder(baseAddress) { Path = path + signalPath }.Uri;
    }
}

public sealed class TracingOptionsValidator : IValidateOptions<TracingOptions>
{
    public ValidateOptionsResult Validate(string? name, TracingOptions options)
    {
        const string section = TracingOptions.SectionName;
        var failures = new List<string>();

        if (double.IsNaN(options.SamplingRatio) || options.SamplingRatio is < 0 or > 1)
            failures.Add($"{section}:SamplingRatio must be between 0 and 1 (is {options.SamplingRatio}).");
        if (string.IsNullOrWhiteSpace(options.ServiceName))
            failures.Add($"{section}:ServiceName must not be empty.");
        if (options.ParsedProtocol is null)
            failures.Add($"{section}:OtlpProtocol must be '{TracingOptions.HttpProtobufProtocol}' or '{TracingOptions.GrpcProtocol}' (is '{options.OtlpProtocol}').");
        if (options.Exports && !IsHttpAddress(options.OtlpEndpoint!))
            failures.Add($"{section}:OtlpEndpoint must be an absolute http or https address such as http://collector:4318 (is '{options.OtlpEndpoint}'); leave it empty to export nothing.");

        if (!string.IsNullOrWhiteSpace(options.TraceUrlTemplate) && !IsTraceUrlTemplate(options.TraceUrlTemplate.Trim()))
            failures.Add($"{section}:TraceUrlTemplate must be an absolute http or https address containing {TracingOptions.TraceIdPlaceholder}, such as http://localhost:16686/trace/{TracingOptions.TraceIdPlaceholder} (is '{options.TraceUrlTemplate}'); leave it empty for no link.");

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsTraceUrlTemplate(string template)
    {
        if (!template.Contains(TracingOptions.TraceIdPlaceholder, StringComparison.Ordinal))
            return false;

        // Checked with a sample id in place of the placeholder, which may sit in the path, query or fragment.
        var sample = template.Replace(TracingOptions.TraceIdPlaceholder, "0af7651916cd43dd8448eb211c80319c", StringComparison.Ordinal);
        return Uri.TryCreate(sample, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host);
    }

    private static bool IsHttpAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
