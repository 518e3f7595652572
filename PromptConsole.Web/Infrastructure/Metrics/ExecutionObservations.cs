using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Infrastructure.Metrics;

public static class ExecutionObservations
{
    /// <summary>
    /// The metrics store's view of a finished execution. A fallback answered when a model answered
    /// at all and it was not the one the version asked for; a run that failed on every model of
    /// its chain is a provider failure, not a fallback.
    /// </summary>
    public static ExecutionObservation Of(ExecutionRecord record, ExecutionTelemetry telemetry)
    {
        var answered = record.Outcome is ExecutionOutcome.Success or ExecutionOutcome.OutputRejected;
        var answeredByFallback = answered && !string.Equals(record.Model, telemetry.RequestedModel, StringComparison.Ordinal);
        return ExecutionObservation.FromRecord(record, answeredByFallback);
    }
}
