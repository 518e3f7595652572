namespace PromptConsole.Domain.Batches;

/// <summary>Audit actions of batch jobs (next to <see cref="Audit.AuditActions"/>, kept here so the feature stays in one place).</summary>
public static class BatchAuditActions
{
    public const string Created = "batch.created";
    public const string Cancelled = "batch.cancelled";
    public const string Expired = "batch.expired";

    /// <summary>The audit target of a job.</summary>
    public static string Target(Guid jobId) => $"batch:{jobId}";
}
