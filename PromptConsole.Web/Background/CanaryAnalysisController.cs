using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Rollouts;

using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Background;

/// <summary>
/// Analyses every running canary once per <see cref="CanaryOptions.AnalysisInterval"/> and acts on the step
/// decision (advance, promote, pause, abort); the first analysis waits one interval for traffic. A second
/// instance running the same analysis loses on the canary's revision and changes nothing.
/// </summary>
public sealed partial class CanaryAnalysisController(
    ICanaryService canaries,
    IOptions<CanaryOptions> options,
    TimeProvider time,
    ILogger<CanaryAnalysisController> logger,
    ILeadership? leadership = null) : PeriodicBackgroundService(time, leadership)
{
    protected override TimeSpan Interval => options.Value.AnalysisInterval;

    protected override bool RunsAtStart => false;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var decisions = await canaries.AnalyseAsync(cancellationToken);
        foreach (var decision in decisions.Where(d => d.Action != "wait"))
            LogDecision(decision.Action, decision.StepIndex + 1, decision.Percent, decision.Reason);
    }

    protected override void OnTickFailed(Exception exception) => LogAnalysisFailed(exception);

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Canary decision {Action} at step {Step} ({Percent} %): {Reason}")]
    private partial void LogDecision(string action, int step, int percent, string reason);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "The canary analysis failed; it runs again at the next tick")]
    private partial void LogAnalysisFailed(Exception exception);
}
