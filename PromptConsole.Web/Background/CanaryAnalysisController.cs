using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Background;

/// <summary>
/// Analyses every running canary once per <see cref="CanaryOptions.AnalysisInterval"/> and acts on the step
/// decision (advance, promote, pause, abort). Ticks on a <see cref="PeriodicTimer"/> driven by the injected
/// <see cref="TimeProvider"/>, so tests move time instead of waiting. A second instance running the same
/// analysis loses on the canary's revision and changes nothing.
/// </summary>
public sealed partial class CanaryAnalysisController(
    ICanaryService canaries,
    IOptions<CanaryOptions> options,
    TimeProvider time,
    ILogger<CanaryAnalysisController> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnalysisInterval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                var decisions = await canaries.AnalyseAsync(stoppingToken);
                foreach (var decision in decisions.Where(d => d.Action != "wait"))
                    LogDecision(decision.Action, decision.StepIndex + 1, decision.Percent, decision.Reason);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed analysis (database away) is retried at the next tick rather than ending the loop.
                LogAnalysisFailed(exception);
            }
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

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Canary decision {Action} at step {Step} ({Percent} %): {Reason}")]
    private partial void LogDecision(string action, int step, int percent, string reason);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "The canary analysis failed; it runs again at the next tick")]
    private partial void LogAnalysisFailed(Exception exception);
}
