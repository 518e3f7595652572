using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Trace;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry.Tracing;

/// <summary>
/// The real application with a span collector in its tracer provider and its JSON log lines captured.
/// Nothing is exported, so by default the collector is declared a reader of spans
/// (<c>Tracing:RecordWithoutExporter</c>); without it, new traces are not recorded.
/// </summary>
public sealed class TracedAppFactory : PromptConsoleFactory
{
    public TracedAppFactory(bool recordWithoutExporter = true)
    {
        if (recordWithoutExporter)
            WithSetting("PromptConsole:Tracing:RecordWithoutExporter", "true");
    }

    public SpanCollector Spans { get; } = new();

    public JsonLogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(Spans));
            services.AddSingleton<ILoggerProvider>(provider =>
            {
                Logs.UseFormatter(provider.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json));
                return Logs;
            });
        });
    }
}
