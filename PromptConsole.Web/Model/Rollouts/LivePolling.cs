using Microsoft.Extensions.Logging;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>
/// A refresh on a <see cref="PeriodicTimer"/> of the injected clock, for the canary view models. The dispatch
/// runs each refresh where the page renders and renders after it; a failed tick is logged and the next one
/// tries again. Stopping disposes the timer (the loop ends at its next wait); disposal awaits the loop.
/// </summary>
public sealed partial class LivePolling(TimeProvider time, ILogger logger, string what) : IAsyncDisposable
{
    private PeriodicTimer? _timer;
    private Task? _loop;

    public bool Running => _timer is not null;

    public void Start(TimeSpan interval, Func<Func<Task>, Task> dispatch, Func<Task> refresh)
    {
        if (_timer is not null)
            return;
        _timer = new PeriodicTimer(interval, time);
        var poll = PollAsync(_timer, dispatch, refresh);
        // An earlier loop may still be finishing a refresh: disposal waits for both.
        _loop = _loop is { IsCompleted: false } earlier ? Task.WhenAll(earlier, poll) : poll;
    }

    public void Stop()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private async Task PollAsync(PeriodicTimer timer, Func<Func<Task>, Task> dispatch, Func<Task> refresh)
    {
        while (await timer.WaitForNextTickAsync())
        {
            try
            {
                await dispatch(refresh);
            }
            catch (Exception exception)
            {
                LogRefreshFailed(logger, what, exception);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        if (_loop is { } loop)
            await loop;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing {What} failed")]
    private static partial void LogRefreshFailed(ILogger logger, string what, Exception exception);
}
