using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>
/// The console-wide notice of aborted canaries: every canary aborted in the last <see cref="Window"/>, until the
/// operator dismisses it, read again every <see cref="RefreshInterval"/>. A failed read keeps the notices shown:
/// the layout must never break because the canaries cannot be read.
/// </summary>
public sealed partial class CanaryAbortNoticesViewModel(ICanaryService canaries, TimeProvider time, ILogger<CanaryAbortNoticesViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _dismissed = new(StringComparer.Ordinal);
    private readonly LivePolling _polling = new(time, logger, "the aborted canaries");
    private IReadOnlyList<CanaryDetails> _aborted = [];

    /// <summary>Aborted in the last <see cref="Window"/> and not dismissed, newest first.</summary>
    public IReadOnlyList<CanaryDetails> Notices => _aborted.Where(c => !_dismissed.Contains(c.Key)).ToArray();

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow() - Window;
        try
        {
            var recent = await canaries.ListAllAsync(since, cancellationToken);
            _aborted = recent
                .Where(c => c.Status is CanaryStatus.Aborted or CanaryStatus.RolledBack && c.EndedAt is { } ended && ended >= since)
                .OrderByDescending(c => c.EndedAt)
                .ToArray();
        }
        catch (ObjectDisposedException)
        {
            // The host is shutting down under an open circuit: nobody is left to show the notice to.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadFailed(logger, exception);
        }
    }

    public void Dismiss(string canaryKey) => _dismissed.Add(canaryKey);

    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, () => RefreshAsync());

    public ValueTask DisposeAsync() => _polling.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the aborted canaries for the console's notice failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
