using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Batches;

/// <summary>What a cancel request does to a job in a given state.</summary>
public enum CancelDecision
{
    /// <summary>Queued or running: stop claiming items; those in flight finish.</summary>
    Cancel,

    /// <summary>Already cancelled: nothing to do, answered as a success (cancel is idempotent).</summary>
    AlreadyCancelled,

    /// <summary>Completed or failed: too late, a conflict.</summary>
    AlreadyFinished,
}

/// <summary>A job's item counts; pending includes items being run right now.</summary>
public sealed record BatchCounts(int Total, int Succeeded, int Failed, int Cancelled)
{
    public int Pending => Math.Max(0, Total - Succeeded - Failed - Cancelled);

    public int Finished => Succeeded + Failed + Cancelled;

    /// <summary>0..1; an empty job is done.</summary>
    public double Progress => Total == 0 ? 1 : (double)Finished / Total;
}

/// <summary>The pure decisions of batch jobs: limits on what is accepted, cancelling, finishing and throughput.</summary>
public static class BatchRules
{
    public const int MaxCustomIdLength = 200;

    public static bool IsFinished(BatchStatus status) => status is BatchStatus.Completed or BatchStatus.Cancelled or BatchStatus.Failed;

    public static CancelDecision DecideCancel(BatchStatus status) => status switch
    {
        BatchStatus.Queued or BatchStatus.Running => CancelDecision.Cancel,
        BatchStatus.Cancelled => CancelDecision.AlreadyCancelled,
        _ => CancelDecision.AlreadyFinished,
    };

    /// <summary>A running (or queued) job whose items have all finished is complete; a finished job stays as it is.</summary>
    public static BatchStatus StatusAfterItem(BatchStatus current, BatchCounts counts) =>
        current is BatchStatus.Queued or BatchStatus.Running && counts.Pending == 0 ? BatchStatus.Completed : current;

    /// <summary>
    /// Items finished per second between the job's start and <paramref name="until"/> (its end, or now while it runs);
    /// null before it started or when no time has passed.
    /// </summary>
    public static double? ItemsPerSecond(int finished, DateTimeOffset? startedAt, DateTimeOffset until)
    {
        if (startedAt is not { } started || finished <= 0)
            return null;
        var seconds = (until - started).TotalSeconds;
        return seconds <= 0 ? null : finished / seconds;
    }

    /// <summary>The job's size against the configured cap: none and too many are both refused.</summary>
    public static Error? CheckSize(int items, int maxItems, string field) => items switch
    {
        0 => Error.Validation("batch-empty", "A batch needs at least one item.", [new FieldError(field, "At least one item is required.")]),
        _ when items > maxItems => new Error(ErrorKind.TooLarge, "batch-too-large", $"A batch holds at most {maxItems} items; this one has {items}.", [new FieldError(field, $"At most {maxItems} items.")]),
        _ => null,
    };

    /// <summary>Cost of a provider batch call: the list price less the provider's batch discount (0..1).</summary>
    public static decimal DiscountedCost(decimal listCost, double discount) =>
        listCost * (1m - (decimal)Math.Clamp(discount, 0, 1));
}
