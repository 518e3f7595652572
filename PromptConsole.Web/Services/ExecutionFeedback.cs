using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Services;

/// <summary>
/// Takes a 1–5 score for an execution: stores it with the record and counts it as quality on the
/// execution's series in the metrics store and on <c>/metrics</c>. Every way feedback arrives
/// goes through here, so the charts and Prometheus never disagree with the records.
/// </summary>
public sealed class ExecutionFeedback(IExecutionRecorder recorder, IMetricsStore store, PromptConsoleMetrics metrics, TimeProvider time)
{
    public async Task<FeedbackAcceptance> SubmitAsync(Guid executionId, int score, CancellationToken cancellationToken = default)
    {
        var receipt = await recorder.RecordFeedbackAsync(executionId, score, cancellationToken);
        if (receipt is { Acceptance: FeedbackAcceptance.Accepted, Series: { } series })
        {
            store.ObserveQuality(series, QualitySource.Feedback, score, time.GetUtcNow());
            metrics.RecordQuality(series.PromptKey, series.PromptVersion, score);
        }

        return receipt.Acceptance;
    }
}
