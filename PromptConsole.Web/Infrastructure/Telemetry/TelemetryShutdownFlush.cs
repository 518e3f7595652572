using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// Exports what is still batched once every other hosted service has stopped (so the spans of the last requests and of
/// the recorder's final flush are in), within the host's shutdown timeout.
/// </summary>
/// <remarks>
/// Disposing the SDK's providers exports the rest too, but gives it a fixed five seconds; on a busy machine the first
/// export of a process (a new connection, code run for the first time) can take longer, and then the process ends with
/// the spans of its last requests unsent and nothing said. Flushing here waits as long as the host allows and says
/// when even that was not enough. The providers are taken at start: at the end the container may already be going
/// away. One flush serves every caller, since a host hosted by a test factory is stopped from two sides at once.
/// </remarks>
public sealed partial class TelemetryShutdownFlush : IHostedLifecycleService
{
    private readonly TracerProvider? _tracing;
    private readonly MeterProvider? _metrics;
    private readonly TimeSpan _allowed;
    private readonly TimeProvider _time;
    private readonly ILogger<TelemetryShutdownFlush> _logger;
    private readonly Lazy<Task> _flush;

    public TelemetryShutdownFlush(IServiceProvider services, IOptions<HostOptions> hostOptions, TimeProvider time, ILogger<TelemetryShutdownFlush> logger)
    {
        _tracing = services.GetService<TracerProvider>();
        _metrics = services.GetService<MeterProvider>();
        _allowed = hostOptions.Value.ShutdownTimeout;
        _time = time;
        _logger = logger;
        _flush = new Lazy<Task>(() => Task.Run(Flush, CancellationToken.None));
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => _flush.Value;

    private void Flush()
    {
        // One deadline for both providers, so the two flushes together stay within the host's shutdown timeout.
        var started = _time.GetTimestamp();
        int RemainingMilliseconds() => (int)Math.Clamp((_allowed - _time.GetElapsedTime(started)).TotalMilliseconds, 1, int.MaxValue);
        if (_tracing is not null && !_tracing.ForceFlush(RemainingMilliseconds()))
            LogUnflushed("spans", _allowed.TotalSeconds);
        if (_metrics is not null && !_metrics.ForceFlush(RemainingMilliseconds()))
            LogUnflushed("metrics", _allowed.TotalSeconds);
    }

    [LoggerMessage(EventId = 1190, Level = LogLevel.Warning, Message = "Some {Signal} were still not exported {Seconds:F0} s into the shutdown; they are lost")]
    private partial void LogUnflushed(string signal, double seconds);
}
