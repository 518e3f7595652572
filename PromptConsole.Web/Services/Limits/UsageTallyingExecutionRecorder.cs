using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Web.Services.Limits;

/// <summary>
/// The execution recorder as the executor and the gateway see it: passes everything through and adds each
/// record's tokens and cost to the request's <see cref="UsageTally"/> when one is open.
/// </summary>
public sealed class UsageTallyingExecutionRecorder(IExecutionRecorder inner) : IExecutionRecorder
{
    public long AcceptedCount => inner.AcceptedCount;

    public long WrittenCount => inner.WrittenCount;

    public RecorderStatus Status => inner.Status;

    public bool TryAdmit() => inner.TryAdmit();

    public ValueTask RecordAsync(ExecutionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        UsageTally.Current?.Add(record.InputTokens + (long)record.OutputTokens, record.CostUsd);
        return inner.RecordAsync(record, cancellationToken);
    }

    public Task<FeedbackReceipt> RecordFeedbackAsync(Guid executionId, int score, CancellationToken cancellationToken = default) =>
        inner.RecordFeedbackAsync(executionId, score, cancellationToken);

    public Task<FeedbackReceipt> RecordAutomatedScoreAsync(Guid executionId, AutomatedScore score, CancellationToken cancellationToken = default) =>
        inner.RecordAutomatedScoreAsync(executionId, score, cancellationToken);

    public Task FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
}
