using Microsoft.Extensions.Logging;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>
/// Canaries for the releases page, the overview card and the prompt page's card: the live ones (running or
/// paused) and those that ended recently, newest first. While a page shows them they are read again every
/// <see cref="RefreshInterval"/> on a timer of the injected clock.
/// </summary>
public sealed class CanaryListViewModel(ICanaryService canaries, TimeProvider time, ILogger<CanaryListViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>How far back the releases page lists ended canaries.</summary>
    public static readonly TimeSpan RecentWindow = TimeSpan.FromDays(7);

    /// <summary>How many ended canaries of one prompt its page mentions.</summary>
    public const int RecentOfPrompt = 3;

    private readonly LivePolling _polling = new(time, logger, "the canaries");

    /// <summary>Null: every prompt's canaries; otherwise one prompt's.</summary>
    public string? PromptKey { get; private set; }

    public bool Loaded { get; private set; }

    public IReadOnlyList<CanaryDetails> Live { get; private set; } = [];

    public IReadOnlyList<CanaryDetails> Recent { get; private set; } = [];

    public ErrorView? Error { get; private set; }

    public bool Polling => _polling.Running;

    /// <summary>Every prompt's live canaries and those that ended in the last <see cref="RecentWindow"/>.</summary>
    public Task LoadAllAsync(CancellationToken cancellationToken = default)
    {
        PromptKey = null;
        return RefreshAsync(cancellationToken);
    }

    /// <summary>One prompt's live canaries and its last few ended ones.</summary>
    public Task LoadForPromptAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        PromptKey = promptKey;
        return RefreshAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<CanaryDetails> all;
        if (PromptKey is { } promptKey)
        {
            var listed = await canaries.ListAsync(promptKey, cancellationToken);
            if (!listed.IsSuccess)
            {
                Error = ErrorView.From(listed.Error!);
                Loaded = true;
                return;
            }

            all = listed.Value;
        }
        else
        {
            all = await canaries.ListAllAsync(time.GetUtcNow() - RecentWindow, cancellationToken);
        }

        Error = null;
        var newestFirst = all.OrderByDescending(c => c.StartedAt).ToArray();
        Live = newestFirst.Where(c => CanaryFormat.IsLive(c.Status)).ToArray();
        var ended = newestFirst.Where(c => !CanaryFormat.IsLive(c.Status));
        Recent = (PromptKey is null ? ended : ended.Take(RecentOfPrompt)).ToArray();
        Loaded = true;
    }

    /// <summary>Reads the canaries again every <see cref="RefreshInterval"/>; see <see cref="LivePolling"/> for <paramref name="dispatch"/>.</summary>
    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, () => RefreshAsync());

    /// <summary>The last decision's action and reason, for a list row.</summary>
    public static CanaryDecisionView? LastDecision(CanaryDetails canary) =>
        canary.Decisions.Count == 0 ? null : canary.Decisions.OrderBy(d => d.At).Last();

    public ValueTask DisposeAsync() => _polling.DisposeAsync();
}
