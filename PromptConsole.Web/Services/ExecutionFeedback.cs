using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Services;

/// <summary>
/// Takes people's 1–5 feedback and automated 0..1 grades for an execution: stores them with the
/// record and counts them as quality (feedback and automated apart) on the execution's series in
/// the metrics store and on <c>/metrics</c>. Every way a score arrives goes through here, so the
/// charts and Prometheus never disagree with the records.
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

    public async Task<FeedbackAcceptance> SubmitAutomatedAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default)
    {
        var receipt = await recorder.RecordAutomatedScoreAsync(executionId, score, cancellationToken);
        if (receipt is { Acceptance: FeedbackAcceptance.Accepted, Series: { } series })
        {
            store.ObserveQuality(series, QualitySource.Automated, score.Value, time.GetUtcNow());
            metrics.RecordEvaluation(series.PromptKey, series.PromptVersion, score);
        }

        return receipt.Acceptance;
    }
}
