namespace PromptConsole.Domain.Batches;

/// <summary>Where a batch job is: waiting for a runner, running, or finished one of three ways.</summary>
public enum BatchStatus
{
    Queued,
    Running,
    Completed,
    Cancelled,
    /// <summary>The job itself could not run (the provider's batch failed or expired); item failures alone do not fail a job.</summary>
    Failed,
}

/// <summary>One item's state. An item being run is still pending (with a lease) until its result is stored.</summary>
public enum BatchItemStatus
{
    Pending,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>How a job's items reach the model.</summary>
public enum BatchMode
{
    /// <summary>Each item through the gateway's own pipeline (routing, cache, limits, fallbacks, recording), a bounded number at a time.</summary>
    Gateway,

    /// <summary>All items as one OpenAI Batch API job: cheaper, answered within 24 hours, without the gateway's fallbacks or cache.</summary>
    ProviderBatch,
}

/// <summary>Statuses and modes as the API, the console and the stored rows spell them; never renamed.</summary>
public static class BatchNames
{
    public static string Of(BatchStatus status) => status switch
    {
        BatchStatus.Queued => "queued",
        BatchStatus.Running => "running",
        BatchStatus.Completed => "completed",
        BatchStatus.Cancelled => "cancelled",
        _ => "failed",
    };

    public static string Of(BatchItemStatus status) => status switch
    {
        BatchItemStatus.Pending => "pending",
        BatchItemStatus.Succeeded => "succeeded",
        BatchItemStatus.Failed => "failed",
        _ => "cancelled",
    };

    public static string Of(BatchMode mode) => mode == BatchMode.ProviderBatch ? "provider-batch" : "gateway";

    public static BatchStatus? ParseStatus(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "queued" => BatchStatus.Queued,
        "running" => BatchStatus.Running,
        "completed" => BatchStatus.Completed,
        "cancelled" or "canceled" => BatchStatus.Cancelled,
        "failed" => BatchStatus.Failed,
        _ => null,
    };

    public static BatchItemStatus? ParseItemStatus(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "pending" => BatchItemStatus.Pending,
        "succeeded" => BatchItemStatus.Succeeded,
        "failed" => BatchItemStatus.Failed,
        "cancelled" or "canceled" => BatchItemStatus.Cancelled,
        _ => null,
    };

    /// <summary>Blank is the default (gateway); anything unknown is null so the caller can report it.</summary>
    public static BatchMode? ParseMode(string? text) => string.IsNullOrWhiteSpace(text)
        ? BatchMode.Gateway
        : text.Trim().ToLowerInvariant() switch
        {
            "gateway" => BatchMode.Gateway,
            "provider-batch" or "provider_batch" or "providerbatch" => BatchMode.ProviderBatch,
            _ => null,
        };
}
