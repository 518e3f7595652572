using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>One step of the canary: done, the current one, or still to come.</summary>
public sealed record CanaryStepRow(int Index, int Percent, string State)
{
    public const string Done = "done";
    public const string Current = "current";
    public const string Next = "next";
}

/// <summary>A gate and its latest measurement (null until the first analysis measured it).</summary>
public sealed record CanaryGateRow(CanaryGate Gate, GateMeasurementView? Latest, DateTimeOffset? MeasuredAt);

/// <summary>
/// The canary page: the canary, its steps, gates, decisions and charts, whether automation may still roll the
/// prompt back, and the promote / pause / resume / abort buttons. While the canary is live it is read again
/// every <see cref="RefreshInterval"/> on a timer of the injected clock; the timer stops once it ends and when
/// the page disposes the view model.
/// </summary>
public sealed partial class CanaryPageViewModel(
    ICanaryService canaries,
    IAutomaticRollbacks rollbacks,
    IConsoleUser user,
    TimeProvider time,
    ILogger<CanaryPageViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);

    private readonly LivePolling _polling = new(time, logger, "the canary");
    private Func<Func<Task>, Task>? _dispatch;
    private bool _disposed;

    public string Key { get; private set; } = string.Empty;

    public bool Loaded { get; private set; }

    public CanaryDetails? Details { get; private set; }

    /// <summary>Why the canary could not be read (e.g. it does not exist).</summary>
    public ErrorView? Error { get; private set; }

    public CanaryCharts? Charts { get; private set; }

    public ErrorView? SeriesError { get; private set; }

    /// <summary>Whether automation may still roll the prompt back; null when it could not be read.</summary>
    public AutomationStatus? Automation { get; private set; }

    public ErrorView? ActionError { get; private set; }

    public string? ActionStatus { get; private set; }

    public bool Busy { get; private set; }

    public IReadOnlyList<CanaryStepRow> Steps { get; private set; } = [];

    public IReadOnlyList<CanaryGateRow> Gates { get; private set; } = [];

    /// <summary>Newest first.</summary>
    public IReadOnlyList<CanaryDecisionView> Decisions { get; private set; } = [];

    public CanaryStatus? Status => Details?.Status;

    public bool IsLive => Status is { } status && CanaryFormat.IsLive(status);

    public bool CanPromote => CanChange && IsLive;

    public bool CanPause => CanChange && Status == CanaryStatus.Running;

    public bool CanResume => CanChange && Status == CanaryStatus.Paused;

    public bool CanAbort => CanChange && IsLive;

    public bool Polling => _polling.Running;

    /// <summary>How long the current step has run (up to the end for an ended canary).</summary>
    public TimeSpan TimeInStep => Details is { } d ? ((d.EndedAt ?? time.GetUtcNow()) - d.StepStartedAt) is var span && span > TimeSpan.Zero ? span : TimeSpan.Zero : TimeSpan.Zero;

    /// <summary>Candidate executions of the current step at its latest analysis (0 before the first).</summary>
    public long CandidateExecutionsInStep => Details is { } d
        ? d.Decisions.Where(x => x.StepIndex == d.StepIndex).OrderBy(x => x.At).LastOrDefault()?.CandidateExecutions ?? 0
        : 0;

    /// <summary>
    /// The status reason deserves the page's attention when the canary paused or aborted, or when automation
    /// stood down; a running canary's reason (if any) is shown plainly.
    /// </summary>
    public bool StatusReasonIsAlarming => Details is { StatusReason: not null } d && d.Status is CanaryStatus.Paused or CanaryStatus.Aborted or CanaryStatus.RolledBack;

    public async Task LoadAsync(string key, CancellationToken cancellationToken = default)
    {
        Key = key;
        var details = await canaries.GetAsync(key, cancellationToken);
        if (details.IsSuccess)
        {
            Error = null;
            await ShowAsync(details.Value, cancellationToken);
        }
        else
        {
            Details = null;
            Error = ErrorView.From(details.Error!);
            Charts = null;
            Steps = [];
            Gates = [];
            Decisions = [];
        }

        Loaded = true;
        FollowStatus();
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var details = await canaries.GetAsync(Key, cancellationToken);
        if (details.IsSuccess)
            await ShowAsync(details.Value, cancellationToken);
        FollowStatus();
    }

    /// <summary>Reads the canary again every <see cref="RefreshInterval"/> while it is live; see <see cref="LivePolling"/>.</summary>
    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch)
    {
        _dispatch = dispatch;
        FollowStatus();
    }

    /// <summary>Promoting, pausing, resuming and aborting are an Operator's; Viewers watch the steps.</summary>
    public bool CanChange => user.CanOperate();

    public Task<bool> PromoteAsync(string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(p => canaries.PromoteAsync(p, Blank(reason), user.Name, cancellationToken), "Promoted: the label now serves the candidate to everyone.", cancellationToken);

    public Task<bool> PauseAsync(string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(p => canaries.PauseAsync(p, Blank(reason), user.Name, cancellationToken), "Paused: the candidate keeps its current share until the canary resumes.", cancellationToken);

    public Task<bool> ResumeAsync(string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(p => canaries.ResumeAsync(p, Blank(reason), user.Name, cancellationToken), "Resumed: the analysis continues with the current step.", cancellationToken);

    public Task<bool> AbortAsync(string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(p => canaries.AbortAsync(p, Blank(reason), user.Name, cancellationToken), "Aborted: all traffic is back on the baseline.", cancellationToken);

    private async Task<bool> ChangeAsync(Func<string, Task<Result<CanaryDetails>>> change, string status, CancellationToken cancellationToken)
    {
        if (Details is not { } current)
            return false;
        if (!CanChange)
        {
            ActionError = user.OperatorRequired();
            ActionStatus = null;
            return false;
        }

        Busy = true;
        ActionError = null;
        ActionStatus = null;
        try
        {
            var result = await change(current.PromptKey);
            if (!result.IsSuccess)
            {
                ActionError = ErrorView.From(result.Error!);
                return false;
            }

            ActionStatus = status;
            await ShowAsync(result.Value, cancellationToken);
            FollowStatus();
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task ShowAsync(CanaryDetails details, CancellationToken cancellationToken)
    {
        Details = details;
        Steps = StepRows(details);
        Gates = GateRows(details);
        Decisions = details.Decisions.OrderByDescending(d => d.At).ToArray();
        await Task.WhenAll(LoadSeriesAsync(details, cancellationToken), LoadAutomationAsync(details.PromptKey, cancellationToken));
    }

    private async Task LoadSeriesAsync(CanaryDetails details, CancellationToken cancellationToken)
    {
        var series = await canaries.GetSeriesAsync(details.Key, cancellationToken);
        if (!series.IsSuccess)
        {
            // Keep the last charts: a failed refresh says so without blanking them.
            SeriesError = ErrorView.From(series.Error!);
            return;
        }

        SeriesError = null;
        Charts = CanaryCharts.From(details, series.Value);
    }

    private async Task LoadAutomationAsync(string promptKey, CancellationToken cancellationToken)
    {
        try
        {
            Automation = await rollbacks.GetStatusAsync(promptKey, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The page stays useful without it; the status reason still says when automation stood down.
            Automation = null;
            LogAutomationFailed(logger, promptKey, exception);
        }
    }

    public static IReadOnlyList<CanaryStepRow> StepRows(CanaryDetails details) =>
        details.Steps.Select((percent, index) => new CanaryStepRow(index, percent,
            index < details.StepIndex || (details.Status == CanaryStatus.Promoted && index <= details.StepIndex) ? CanaryStepRow.Done
            : index == details.StepIndex ? CanaryStepRow.Current
            : CanaryStepRow.Next)).ToArray();

    /// <summary>Each gate with the newest measurement of its metric over all analyses.</summary>
    public static IReadOnlyList<CanaryGateRow> GateRows(CanaryDetails details)
    {
        var newestFirst = details.Decisions.OrderByDescending(d => d.At).ToArray();
        return details.Gates.Select(gate =>
        {
            foreach (var decision in newestFirst)
            {
                var measurement = decision.Measurements.FirstOrDefault(m => m.Metric == gate.Metric);
                if (measurement is not null)
                    return new CanaryGateRow(gate, measurement, decision.At);
            }

            return new CanaryGateRow(gate, null, null);
        }).ToArray();
    }

    private void FollowStatus()
    {
        if (_dispatch is not null && !_disposed && IsLive)
            _polling.Start(RefreshInterval, _dispatch, () => RefreshAsync());
        else
            _polling.Stop();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _polling.DisposeAsync();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the automation status of {PromptKey} failed")]
    private static partial void LogAutomationFailed(ILogger logger, string promptKey, Exception exception);
}
