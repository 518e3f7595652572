using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Background;

/// <summary>
/// Stops running and paused experiments whose end date has passed, with no winner and the reason
/// "end date reached", audited as <c>system</c>. Ticks on a <see cref="PeriodicTimer"/> driven by the
/// injected <see cref="TimeProvider"/>, so tests move time instead of waiting. Every instance runs it; a
/// second instance stopping the same experiment gets a refused transition, which is harmless.
/// </summary>
public sealed partial class ExperimentEndDateController(
    IExperimentService experiments,
    IOptions<ExperimentOptions> options,
    TimeProvider time,
    ILogger<ExperimentEndDateController> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EndDateCheckInterval, time);
        do
        {
            try
            {
                var stopped = await experiments.StopExpiredAsync(stoppingToken);
                foreach (var key in stopped)
                    LogStopped(key);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed sweep (database away) is retried at the next tick rather than ending the loop.
                LogSweepFailed(exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
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

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Experiment {ExperimentKey} reached its end date and was stopped with no winner")]
    private partial void LogStopped(string experimentKey);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "The experiment end-date sweep failed; it runs again at the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
