using PromptConsole.Domain.Batches;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// A stored batch job: what to run (prompt, the version pinned when it was accepted, mode), who asked, where it is,
/// and for provider-batch jobs the provider's batch and files. Counts and totals are read from its items.
/// </summary>
public sealed class BatchJobRow
{
    private BatchJobRow()
    {
        PromptKey = Mode = Status = Model = Provider = CreatedBy = string.Empty;
    }

    public BatchJobRow(Guid id, string promptKey, int version, string? label, BatchMode mode, string model, string provider, int totalItems, string createdBy, string? tenant, DateTimeOffset createdAt)
        : this()
    {
        Id = id;
        PromptKey = promptKey;
        Version = version;
        Label = label;
        Mode = BatchNames.Of(mode);
        Model = model;
        Provider = provider;
        TotalItems = totalItems;
        CreatedBy = createdBy;
        Tenant = tenant;
        CreatedAt = createdAt;
        Status = BatchNames.Of(BatchStatus.Queued);
    }

    public Guid Id { get; private set; }

    public string PromptKey { get; private set; }

    /// <summary>The version every item runs: the one asked for, or the one the label pointed at when the job was accepted.</summary>
    public int Version { get; private set; }

    /// <summary>The label that chose <see cref="Version"/> when the job was accepted; null when the caller pinned a version.</summary>
    public string? Label { get; private set; }

    /// <summary><see cref="BatchNames.Of(BatchMode)"/>.</summary>
    public string Mode { get; private set; }

    /// <summary><see cref="BatchNames.Of(BatchStatus)"/>.</summary>
    public string Status { get; set; }

    /// <summary>The version's model and its provider when the job was accepted: concurrency is bounded per provider.</summary>
    public string Model { get; private set; }

    public string Provider { get; private set; }

    public int TotalItems { get; private set; }

    public string CreatedBy { get; private set; }

    public string? Tenant { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When the job, its items' inputs and their results are deleted (set when it finishes).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Why a job failed as a whole.</summary>
    public string? Error { get; set; }

    /// <summary>Which instance advances a provider-batch job, until when (one at a time, like item leases).</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    public string? ProviderBatchId { get; set; }

    public string? ProviderInputFileId { get; set; }

    /// <summary>The provider's own status word (validating, in_progress, finalizing, completed…), shown as it is.</summary>
    public string? ProviderStatus { get; set; }

    public DateTimeOffset? NextPollAt { get; set; }

    public BatchStatus StatusValue => BatchNames.ParseStatus(Status) ?? BatchStatus.Failed;

    public BatchMode ModeValue => BatchNames.ParseMode(Mode) ?? BatchMode.Gateway;
}
