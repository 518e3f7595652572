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
/// What the recorder holds: records waiting to be written against the configured bound, whether
/// writes are failing now (the database is away), failed write attempts and executions refused at
/// the bound since start.
/// </summary>
public sealed record RecorderStatus(long Waiting, int Capacity, bool WriteFailing, long WriteFailures, long Shed)
{
    public bool IsFull => Waiting >= Capacity;
}

/// <summary>
/// Takes execution records off the request path: a channel feeds a batching writer.
/// Everything accepted is written, including on shutdown and after the database comes back.
/// </summary>
public interface IExecutionRecorder
{
    /// <summary>
    /// Whether a new execution may run: false (and counted as shed) once as many records wait as the
    /// bound allows, so callers refuse the execution (503) instead of waiting for the database.
    /// </summary>
    bool TryAdmit();

    /// <summary>Queues a record without waiting; throws <see cref="InvalidOperationException"/> once the recorder has stopped.</summary>
    ValueTask RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default);

    /// <summary>Stores a 1–5 score for an execution, whether it is still queued or already written.</summary>
    Task<FeedbackReceipt> RecordFeedbackAsync(Guid executionId, int score, CancellationToken cancellationToken = default);

    /// <summary>Stores an automated 0..1 grade for an execution (the latest one stays on the record), queued or written.</summary>
    Task<FeedbackReceipt> RecordAutomatedScoreAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default);

    /// <summary>Waits until everything queued so far is in the database (tests, shutdown).</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    long AcceptedCount { get; }

    long WrittenCount { get; }

    RecorderStatus Status { get; }
}
