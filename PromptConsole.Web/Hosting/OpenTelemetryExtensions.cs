using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Hosting;

public static class OpenTelemetryExtensions
{
    /// <summary>Options names of the two OTLP exporters, so each gets its own signal path.</summary>
    public const string TraceExporterName = "promptconsole-traces";
    public const string MetricExporterName = "promptconsole-metrics";

    /// <summary>
    /// <c>PromptConsole:Tracing</c> (validated at start) and the OpenTelemetry SDK: a tracer provider
    /// when tracing is enabled, a meter provider when an OTLP endpoint is configured.
    /// </summary>
    /// <remarks>
    /// Which providers exist is decided here, from the configuration as registered: a provider or
    /// exporter that is not registered costs nothing on the hot path, whereas one registered and
    /// told to do nothing still listens to every request. The values themselves (endpoint,
    /// protocol, ratio, service name) are read from the validated options when the providers are
    /// built, so a bad value is reported by the validator, not by the SDK.
    /// </remarks>
    public static IServiceCollection AddPromptConsoleOpenTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TracingOptions>()
            .Bind(configuration.GetSection(TracingOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TracingOptions>, TracingOptionsValidator>();
        services.AddSingleton<PromptConsoleTracing>();

        var registered = configuration.GetSection(TracingOptions.SectionName).Get<TracingOptions>() ?? new TracingOptions();
        if (!registered.Enabled && !registered.Exports)
            return services;

        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDetector(provider =>
                new ServiceResourceDetector(provider.GetRequiredService<IOptions<TracingOptions>>().Value.ServiceName)));

        // The provider is the listener that makes ASP.NET Core create the request's server span (and
        // so honour an incoming traceparent) and makes the execution spans exist, so trace ids reach
        // responses, records and log lines even when nothing is exported. When nothing exports, new
        // traces are not recorded (TraceSampler.For): the activities exist for their ids only.
        if (registered.Enabled)
        {
            openTelemetry.WithTracing(tracing =>
            {
                tracing
                    .AddSource(PromptConsoleTracing.SourceName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .SetSampler(provider => TraceSampler.For(provider.GetRequiredService<IOptions<TracingOptions>>().Value));
                if (registered.Exports)
                    tracing.AddOtlpExporter(TraceExporterName, configure: null);
            });
        }

        // Metrics have no other reader in this SDK (Prometheus is served elsewhere), so without an
        // endpoint a meter provider would only aggregate for nobody.
        if (registered.Exports)
        {
            openTelemetry.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter(MetricExporterName, configure: null));
        }

        if (registered.Exports)
        {
            services.TryAddSingleton(TimeProvider.System);
            services.AddHostedService<TelemetryShutdownFlush>();
        }

        services.AddOptions<OtlpExporterOptions>(TraceExporterName)
            .Configure<IOptions<TracingOptions>>((otlp, tracing) => ExportTo(otlp, tracing.Value, TracingOptions.TracesEndpoint));
        services.AddOptions<OtlpExporterOptions>(MetricExporterName)
            .Configure<IOptions<TracingOptions>>((otlp, tracing) => ExportTo(otlp, tracing.Value, TracingOptions.MetricsEndpoint));
        return services;
    }

    // An endpoint set in code is used as is (only the OTEL_* environment variables get a signal
    // path appended), so the path for http/protobuf is added here.
    private static void ExportTo(OtlpExporterOptions otlp, TracingOptions tracing, Func<Uri, OtlpExportProtocol, Uri> signalEndpoint)
    {
        if (!tracing.Exports || tracing.ParsedProtocol is not { } protocol)
            return;
        otlp.Protocol = protocol;
        otlp.Endpoint = signalEndpoint(new Uri(tracing.OtlpEndpoint!), protocol);
    }
}
