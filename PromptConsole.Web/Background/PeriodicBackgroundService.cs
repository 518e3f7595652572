using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Background;

/// <summary>
/// A background loop doing one piece of work per tick of a <see cref="PeriodicTimer"/> driven by the injected
/// <see cref="TimeProvider"/>, so tests move time instead of waiting. A failed tick (database away) is reported
/// to <see cref="OnTickFailed"/> and tried again at the next tick; it never ends the loop. With several instances
/// only the elected leader does the work: every tick asks <see cref="ILeadership"/> first (none given: this
/// instance always leads, e.g. in tests that build a controller by hand).
/// </summary>
public abstract class PeriodicBackgroundService(TimeProvider time, ILeadership? leadership = null) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>True: the first run is at start (sweeps); false: after one interval (analyses of fresh traffic).</summary>
    protected abstract bool RunsAtStart { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected abstract void OnTickFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        if (RunsAtStart)
            await TickAsync(stoppingToken);
        while (await WaitAsync(timer, stoppingToken))
            await TickAsync(stoppingToken);
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (leadership is not null && !await leadership.IsLeaderAsync(stoppingToken))
                return;
            await RunOnceAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            OnTickFailed(exception);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
