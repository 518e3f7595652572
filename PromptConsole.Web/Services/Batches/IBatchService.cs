using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Batches;

/// <summary>Batch jobs for the API and the console: accept, list, read, cancel, and read results. Running them is the runner's job.</summary>
public interface IBatchService
{
    /// <summary>Checks every item against the version's variables before anything is stored; a bad item refuses the whole job.</summary>
    Task<Result<BatchJobSummary>> CreateAsync(BatchSubmission submission, string actor, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BatchJobSummary>> ListAsync(string? promptKey, BatchStatus? status, int limit = 100, CancellationToken cancellationToken = default);

    Task<BatchJobSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Stops claiming items (those in flight finish). Idempotent; a finished job is a conflict.</summary>
    Task<Result<BatchJobSummary>> CancelAsync(Guid id, string actor, CancellationToken cancellationToken = default);

    /// <summary>Every item's result in order, read in pages so a large job streams.</summary>
    IAsyncEnumerable<BatchItemResult> ReadResultsAsync(Guid id, CancellationToken cancellationToken = default);

    Task<BatchItemPage> GetItemsAsync(Guid id, int skip, int take, CancellationToken cancellationToken = default);
}
