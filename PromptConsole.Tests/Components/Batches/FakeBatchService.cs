using System.Runtime.CompilerServices;
using PromptConsole.Domain.Batches;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Tests.Components.Batches;

/// <summary>Batch jobs in memory for the console's pages: tests add jobs and items, and see what the pages asked for.</summary>
public sealed class FakeBatchService : IBatchService
{
    private readonly object _gate = new();
    private readonly List<BatchJobSummary> _jobs = [];
    private readonly Dictionary<Guid, List<BatchItemResult>> _items = [];

    public List<(BatchSubmission Submission, string Actor)> Created { get; } = [];

    public List<(Guid Id, string Actor)> Cancelled { get; } = [];

    public static BatchJobSummary Job(Guid id, BatchStatus status, int total, int succeeded, int failed = 0, string prompt = "greet", BatchMode mode = BatchMode.Gateway) =>
        new(id, prompt, 2, "production", mode, status, "sim-fast", "simulator", "ops@example.com",
            new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 9, 0, 1, TimeSpan.Zero),
            BatchRules.IsFinished(status) ? new DateTimeOffset(2026, 12, 3, 9, 0, 11, TimeSpan.Zero) : null, null, null, null, null,
            new BatchCounts(total, succeeded, failed, 0), succeeded * 10, succeeded * 20, succeeded * 0.001m, succeeded / 10.0);

    public void Put(BatchJobSummary job, IEnumerable<BatchItemResult>? items = null)
    {
        lock (_gate)
        {
            _jobs.RemoveAll(j => j.Id == job.Id);
            _jobs.Add(job);
            if (items is not null)
                _items[job.Id] = items.ToList();
        }
    }

    public static IEnumerable<BatchItemResult> Items(int count, int succeeded) => Enumerable.Range(0, count).Select(i => i < succeeded
        ? new BatchItemResult(i, $"c{i}", BatchItemStatus.Succeeded, $"Hello n{i}.", null, null, Guid.NewGuid(), "sim-fast", 10, 20, 0.001m, 12.5, null)
        : new BatchItemResult(i, $"c{i}", BatchItemStatus.Pending, null, null, null, null, null, 0, 0, 0m, null, null));

    public Task<Result<BatchJobSummary>> CreateAsync(BatchSubmission submission, string actor, CancellationToken cancellationToken = default)
    {
        Created.Add((submission, actor));
        if (submission.PromptKey == "missing")
            return Task.FromResult<Result<BatchJobSummary>>(Error.NotFound("prompt-not-found", "There is no prompt 'missing'."));
        var job = Job(Guid.NewGuid(), BatchStatus.Queued, submission.Items.Count, 0, prompt: submission.PromptKey, mode: submission.Mode);
        Put(job);
        return Task.FromResult<Result<BatchJobSummary>>(job);
    }

    public Task<IReadOnlyList<BatchJobSummary>> ListAsync(string? promptKey, BatchStatus? status, int limit = 100, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<BatchJobSummary>>(_jobs.OrderByDescending(j => j.CreatedAt).ToArray());
    }

    public Task<BatchJobSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult(_jobs.FirstOrDefault(j => j.Id == id));
    }

    public Task<Result<BatchJobSummary>> CancelAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        Cancelled.Add((id, actor));
        lock (_gate)
        {
            var job = _jobs.First(j => j.Id == id);
            if (BatchRules.DecideCancel(job.Status) == CancelDecision.AlreadyFinished)
                return Task.FromResult<Result<BatchJobSummary>>(Error.Conflict("batch-finished", "Already finished."));
            var cancelled = job with { Status = BatchStatus.Cancelled };
            _jobs[_jobs.IndexOf(job)] = cancelled;
            return Task.FromResult<Result<BatchJobSummary>>(cancelled);
        }
    }

    public async IAsyncEnumerable<BatchItemResult> ReadResultsAsync(Guid id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var item in _items.GetValueOrDefault(id) ?? [])
            yield return item;
    }

    public Task<BatchItemPage> GetItemsAsync(Guid id, int skip, int take, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var items = _items.GetValueOrDefault(id) ?? [];
            return Task.FromResult(new BatchItemPage(items.Skip(skip).Take(take).ToArray(), items.Count));
        }
    }
}
