using PromptConsole.Domain.Batches;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One item of a batch job: its input (variables as JSON, subject, the caller's custom id) and, once run, its result.
/// Inputs and outputs are stored because the caller asked for the job's results; they are deleted with the job
/// when its retention period ends (<see cref="BatchJobRow.ExpiresAt"/>).
/// A runner claims an item by writing its lease; a lease that runs out (the instance died) lets another take it.
/// </summary>
public sealed class BatchItemRow
{
    private BatchItemRow()
    {
        VariablesJson = Status = string.Empty;
    }

    public BatchItemRow(Guid id, Guid jobId, int index, string? customId, string? subject, string variablesJson)
        : this()
    {
        Id = id;
        JobId = jobId;
        Index = index;
        CustomId = customId;
        Subject = subject;
        VariablesJson = variablesJson;
        Status = BatchNames.Of(BatchItemStatus.Pending);
    }

    public Guid Id { get; private set; }

    public Guid JobId { get; private set; }

    /// <summary>0-based position in the submitted list (or JSONL line order).</summary>
    public int Index { get; private set; }

    public string? CustomId { get; private set; }

    public string? Subject { get; private set; }

    /// <summary>The item's variables as the caller sent them (a JSON object).</summary>
    public string VariablesJson { get; private set; }

    /// <summary><see cref="BatchNames.Of(BatchItemStatus)"/>.</summary>
    public string Status { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>How many times the item was claimed (above 1 after a restart or a lost lease).</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Output { get; set; }

    public string? ErrorType { get; set; }

    public string? ErrorMessage { get; set; }

    public Guid? ExecutionId { get; set; }

    public string? Model { get; set; }

    public int InputTokens { get; set; }

    public int OutputTokens { get; set; }

    public decimal CostUsd { get; set; }

    public double? LatencyMs { get; set; }

    public BatchItemStatus StatusValue => BatchNames.ParseItemStatus(Status) ?? BatchItemStatus.Pending;
}
