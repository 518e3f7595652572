using Microsoft.Extensions.Logging;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>
/// Keeps a metrics page current while it is open: a throttled subscription to the metrics store
/// (new executions) and a <see cref="PeriodicTimer"/> (the time axis moves on without traffic).
/// Both ask for the same refresh; refreshes never overlap, and asks that arrive during one are
/// folded into a single refresh after it, so a burst of executions costs at most two reads.
/// The owning component disposes it, which ends the subscription and waits for the timer loop.
/// </summary>
public sealed partial class LiveMetricsFeed : IAsyncDisposable
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int RunningAndAsked = 2;

    private readonly IMetricsStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<Task> _refresh;

    // Start and stop await the old timer loop; without this, two overlapping starts could each begin a feed.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private IDisposable? _subscription;
    private PeriodicTimer? _timer;
    private Task? _tickLoop;
    private int _state;
    private volatile bool _disposed;

    /// <param name="refresh">Reloads the view model and renders; a component passes <c>() =&gt; InvokeAsync(…)</c>.</param>
    public LiveMetricsFeed(IMetricsStore store, TimeProvider time, ILogger logger, Func<Task> refresh)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _refresh = refresh;
    }

    public bool IsRunning => _subscription is not null;

    /// <summary>
    /// Follows the store at the cadence of <paramref name="range"/>, replacing any earlier cadence.
    /// Does nothing once disposed: a page may be closed while it is still loading.
    /// </summary>
    public async Task StartAsync(MetricsRange range)
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopFeedAsync();
            if (_disposed)
                return;
            _subscription = _store.Subscribe(RequestRefreshAsync, range.Throttle);
            _timer = new PeriodicTimer(range.Tick, _time);
            _tickLoop = TickAsync(_timer);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Ends the subscription and the timer, and waits until the timer loop has finished.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopFeedAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StopFeedAsync()
    {
        _subscription?.Dispose();
        _subscription = null;
        _timer?.Dispose();
        _timer = null;
        if (_tickLoop is { } loop)
        {
            _tickLoop = null;
            await loop;
        }
    }

    /// <summary>Refreshes now, or once more after the refresh in progress.</summary>
    public async Task RequestRefreshAsync()
    {
        while (true)
        {
            if (_disposed)
                return;
            var state = Volatile.Read(ref _state);
            if (state == Idle && Interlocked.CompareExchange(ref _state, Running, Idle) == Idle)
                break;
            if (state == Running && Interlocked.CompareExchange(ref _state, RunningAndAsked, Running) == Running)
                return;
            if (state == RunningAndAsked)
                return;
        }

        while (true)
        {
            if (_disposed)
            {
                Volatile.Write(ref _state, Idle);
                return;
            }

            try
            {
                await _refresh();
            }
            catch (Exception exception)
            {
                // The view model reports failed reads itself; this is a render failing, e.g. the circuit going away.
                LogRefreshFailed(_logger, exception);
            }

            if (Interlocked.CompareExchange(ref _state, Idle, Running) == Running)
                return;

            // Asked again while refreshing; only this loop leaves that state, so no one races the write.
            Volatile.Write(ref _state, Running);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await StopAsync();
    }

    private async Task TickAsync(PeriodicTimer timer)
    {
        // Disposing the timer ends the loop: WaitForNextTickAsync then returns false.
        while (await timer.WaitForNextTickAsync())
            await RequestRefreshAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing a live metrics page failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
