using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Services.Alerts;

using PromptConsole.Web.Infrastructure.Fleet;

namespace PromptConsole.Web.Background;

/// <summary>
/// Evaluates every enabled alert rule once per <see cref="AlertOptions.EvaluationInterval"/>: fires, repeats,
/// escalates and resolves. The first pass waits one interval, so a restart does not judge on an empty live window.
/// </summary>
public sealed partial class AlertEvaluationController(
    IAlertService alerts,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertEvaluationController> logger,
    ILeadership? leadership = null) : PeriodicBackgroundService(time, leadership)
{
    protected override TimeSpan Interval => options.Value.EvaluationInterval;

    protected override bool RunsAtStart => false;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => alerts.EvaluateAsync(cancellationToken);

    protected override void OnTickFailed(Exception exception) => LogEvaluationFailed(exception);

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "The alert evaluation failed; it runs again at the next tick")]
    private partial void LogEvaluationFailed(Exception exception);
}
