using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// Owns the OpenTelemetry SDK tracer provider (there is no hosting package here): built when the
/// host is starting, before the server accepts requests, and disposed once it has stopped, which
/// flushes spans still waiting for export.
/// </summary>
/// <remarks>
/// The provider is built whenever tracing is enabled, exporter or not. It is the listener that
/// makes ASP.NET Core create the request's server activity (and so honour an incoming
/// <c>traceparent</c>) and makes the execution spans exist, so trace ids reach responses, records
/// and log lines. Without an exporter each span is created, tagged and dropped when it ends: a few
/// microseconds per execution, against provider calls of tens of milliseconds at the least.
/// </remarks>
public sealed class TracerProviderHost(
    IOptions<TracingOptions> options,
    IEnumerable<BaseProcessor<Activity>> extraProcessors,
    ILogger<TracerProviderHost> logger) : IHostedLifecycleService, IDisposable
{
    /// <summary>The framework's source for the server span of each request.</summary>
    public const string AspNetCoreSourceName = "Microsoft.AspNetCore";

    private TracerProvider? _provider;

    /// <summary>Where spans are exported; null when nothing is (no endpoint, or tracing off).</summary>
    public Uri? ExportEndpoint { get; private set; }

    public bool IsRunning => _provider is not null;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var tracing = options.Value;
        if (!tracing.Enabled || _provider is not null)
            return Task.CompletedTask;

        var builder = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(
                tracing.ServiceName,
                serviceVersion: typeof(TracerProviderHost).Assembly.GetName().Version?.ToString()))
            .AddSource(PromptConsoleTracing.SourceName, AspNetCoreSourceName)
            .SetSampler(SamplerFor(tracing.SamplingRatio));

        // Processors registered by the application (a live span view, a test collector) see every recorded span.
        foreach (var processor in extraProcessors)
            builder.AddProcessor(processor);

        if (tracing.Exports)
        {
            var protocol = tracing.ParsedProtocol!.Value;
            var endpoint = TracingOptions.TracesEndpoint(new Uri(tracing.OtlpEndpoint!), protocol);
            builder.AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = endpoint;
                otlp.Protocol = protocol;
            });
            ExportEndpoint = endpoint;
            logger.LogInformation("Exporting traces to {OtlpEndpoint} over OTLP {OtlpProtocol}, sampling {SamplingRatio:P0} of new traces",
                endpoint, tracing.OtlpProtocol, tracing.SamplingRatio);
        }

        _provider = builder.Build();
        return Task.CompletedTask;
    }

    /// <summary>Parent-based: a caller's sampling decision (the traceparent flag) wins; new traces are sampled by ratio.</summary>
    public static Sampler SamplerFor(double ratio) => new ParentBasedSampler(ratio switch
    {
        >= 1 => new AlwaysOnSampler(),
        <= 0 => new AlwaysOffSampler(),
        _ => new TraceIdRatioBasedSampler(ratio),
    });

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the server has drained its requests, so their spans are complete when flushed.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        // Disposing shuts the processors down, which exports what is still batched (bounded by the SDK's 5 s grace).
        _provider?.Dispose();
        _provider = null;
    }
}
