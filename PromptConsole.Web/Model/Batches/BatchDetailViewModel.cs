using PromptConsole.Domain.Batches;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Web.Model.Batches;

/// <summary>One item's result as the results table shows it.</summary>
public sealed record BatchResultRow(int Index, string? CustomId, BatchItemStatus Status, string? Output, string? Error, Guid? ExecutionId, int Tokens, string Cost, string Latency)
{
    public string StatusName => BatchNames.Of(Status);

    public static BatchResultRow From(BatchItemResult item) => new(
        item.Index,
        item.CustomId,
        item.Status,
        item.Output,
        item.ErrorType is null ? null : $"{item.ErrorType}: {item.ErrorMessage}",
        item.ExecutionId,
        item.InputTokens + item.OutputTokens,
        ConsoleFormat.Cost(item.CostUsd),
        item.LatencyMs is { } ms ? ConsoleFormat.Milliseconds(ms) : "–");
}

/// <summary>
/// A batch job's page: its counts and progress (read again every few seconds while it runs), a page of its results,
/// and cancelling it.
/// </summary>
public sealed class BatchDetailViewModel(IBatchService batches, TimeProvider time, ILogger<BatchDetailViewModel> logger) : IAsyncDisposable
{
    public const int PageSize = 25;

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly LivePolling _polling = new(time, logger, "the batch job");

    public Guid Id { get; private set; }

    public BatchRow? Job { get; private set; }

    public bool Loaded { get; private set; }

    public bool NotFound => Loaded && Job is null;

    public IReadOnlyList<BatchResultRow> Items { get; private set; } = [];

    public int TotalItems { get; private set; }

    /// <summary>0-based page of the results table.</summary>
    public int Page { get; private set; }

    public int PageCount => Math.Max(1, (TotalItems + PageSize - 1) / PageSize);

    public ErrorView? CancelError { get; private set; }

    public bool CanCancel => Job is { IsActive: true };

    public bool Polling => _polling.Running;

    public async Task LoadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        Id = id;
        Page = 0;
        await RefreshAsync(cancellationToken);
        Loaded = true;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        Job = await batches.GetAsync(Id, cancellationToken) is { } job ? BatchRow.From(job) : null;
        if (Job is null)
            return;
        var page = await batches.GetItemsAsync(Id, Page * PageSize, PageSize, cancellationToken);
        Items = page.Items.Select(BatchResultRow.From).ToArray();
        TotalItems = page.Total;
    }

    public async Task GoToPageAsync(int page, CancellationToken cancellationToken = default)
    {
        Page = Math.Clamp(page, 0, PageCount - 1);
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Reads the job again every <see cref="RefreshInterval"/> while it runs; a finished job is left alone.</summary>
    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, async () =>
        {
            if (Job is { IsActive: true })
                await RefreshAsync();
        });

    public async Task CancelAsync(string actor, CancellationToken cancellationToken = default)
    {
        CancelError = null;
        var result = await batches.CancelAsync(Id, actor, cancellationToken);
        if (!result.IsSuccess)
            CancelError = ErrorView.From(result.Error!);
        await RefreshAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _polling.DisposeAsync();
}
