using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Web.Infrastructure.Recording;

public enum FeedbackAcceptance
{
    Accepted,
    UnknownExecution,
}

/// <summary>Whether feedback was taken and, when it was, the series of the execution it judged (for quality metrics).</summary>
public sealed record FeedbackReceipt(FeedbackAcceptance Acceptance, MetricSeriesKey? Series)
{
    public static FeedbackReceipt Unknown { get; } = new(FeedbackAcceptance.UnknownExecution, null);
}

/// <summary>
/// Takes execution records off the request path: a bounded channel feeds a batching writer.
/// Everything accepted is written, including on shutdown.
/// </summary>
public interface IExecutionRecorder
{
    /// <summary>Queues a record; waits only when the buffer is full (back-pressure rather than loss).</summary>
    ValueTask RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default);

    /// <summary>Stores a 1–5 score for an execution, whether it is still queued or already written.</summary>
    Task<FeedbackReceipt> RecordFeedbackAsync(Guid executionId, int score, CancellationToken cancellationToken = default);

    /// <summary>Stores an automated 0..1 grade for an execution (the latest one stays on the record), queued or written.</summary>
    Task<FeedbackReceipt> RecordAutomatedScoreAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default);

    /// <summary>Waits until everything queued so far is in the database (tests, shutdown).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    long AcceptedCount { get; }

    long WrittenCount { get; }
}
