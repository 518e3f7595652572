using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Model;

/// <summary>One arm's figures on one metric, against the control (no effect on the control's own row).</summary>
public sealed record ArmMetricRow(string Metric, string Role, string Arm, int Version, bool Control, long N, long Count, double? Value, EffectView? Effect)
{
    /// <summary>A guardrail the arm makes worse: the reason not to ship it even when the primary metric wins.</summary>
    public bool Flagged => Role == "guardrail" && Effect?.Verdict == "worse";
}

/// <summary>One metric's rows, control first; the primary metric comes first, then guardrails, then the rest.</summary>
public sealed record MetricGroup(string Metric, string Role, IReadOnlyList<ArmMetricRow> Rows);

/// <summary>How an operator ends an experiment: ship an arm (<see cref="ExperimentVerdicts.Ship"/>) or no winner.</summary>
public sealed record StopChoice(string Decision, string? Arm, string Reason);

/// <summary>
/// The experiment page: the experiment, its results, its audit trail and the lifecycle buttons. While
/// the experiment runs the results are read again every <see cref="RefreshInterval"/> on a timer of the
/// injected <see cref="TimeProvider"/>; the timer stops when the experiment stops running and when the
/// page disposes the view model, which waits for the polling loop to end.
/// </summary>
public sealed partial class ExperimentPageViewModel(
    IExperimentService experiments,
    IConsoleUser user,
    TimeProvider time,
    ILogger<ExperimentPageViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private Func<Func<Task>, Task>? _dispatch;
    private PeriodicTimer? _timer;
    private Task? _loop;
    private bool _disposed;

    public string Key { get; private set; } = string.Empty;

    public bool Loaded { get; private set; }

    public ExperimentDetails? Details { get; private set; }

    /// <summary>Why the experiment could not be read (e.g. it does not exist).</summary>
    public ErrorView? Error { get; private set; }

    public ExperimentResults? Results { get; private set; }

    public ErrorView? ResultsError { get; private set; }

    public IReadOnlyList<MetricGroup> Metrics { get; private set; } = [];

    public ExperimentCharts? Charts { get; private set; }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<AuditEvent> Audit { get; private set; } = [];

    /// <summary>Why the last button press was refused, in the service's words.</summary>
    public ErrorView? ActionError { get; private set; }

    /// <summary>What the last button press did.</summary>
    public string? ActionStatus { get; private set; }

    public bool Busy { get; private set; }

    public ExperimentStatus? Status => Details?.Status;

    public bool CanStart => CanChange && Status == ExperimentStatus.Draft;

    public bool CanPause => CanChange && Status == ExperimentStatus.Running;

    public bool CanResume => CanChange && Status == ExperimentStatus.Paused;

    public bool CanStop => CanChange && Status is ExperimentStatus.Running or ExperimentStatus.Paused;

    /// <summary>The arms that can be shipped: every arm but the control (shipping the control is "no winner").</summary>
    public IReadOnlyList<ExperimentArm> Treatments => Details?.Definition.Arms.Skip(1).ToArray() ?? [];

    /// <summary>Whether the results are being read again on the timer.</summary>
    public bool Polling => _timer is not null;

    public string ReportHref(string format) => $"/api/v1/experiments/{Uri.EscapeDataString(Key)}/report.{format}";

    public async Task LoadAsync(string key, CancellationToken cancellationToken = default)
    {
        Key = key;
        var details = await experiments.GetAsync(key, cancellationToken);
        if (details.IsSuccess)
        {
            Details = details.Value;
            Error = null;
            await Task.WhenAll(LoadResultsAsync(cancellationToken), LoadAuditAsync(cancellationToken));
        }
        else
        {
            Details = null;
            Error = ErrorView.From(details.Error!);
            Results = null;
            Metrics = [];
            Charts = null;
            Audit = [];
        }

        Loaded = true;
        FollowStatus();
    }

    /// <summary>The experiment and its results again (someone else may have paused or stopped it).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        var details = await experiments.GetAsync(Key, cancellationToken);
        if (details.IsSuccess)
        {
            var changed = details.Value.Revision != Details?.Revision;
            Details = details.Value;
            await LoadResultsAsync(cancellationToken);
            if (changed)
                await LoadAuditAsync(cancellationToken);
        }

        FollowStatus();
    }

    /// <summary>
    /// Reads the results again every <see cref="RefreshInterval"/> while the experiment runs.
    /// <paramref name="dispatch"/> runs each refresh where the page renders and renders after it:
    /// a component passes <c>refresh =&gt; InvokeAsync(async () =&gt; { await refresh(); StateHasChanged(); })</c>.
    /// </summary>
    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch)
    {
        _dispatch = dispatch;
        FollowStatus();
    }

    public Task<bool> StartAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(() => experiments.StartAsync(Key, user.Name, cancellationToken), "Started: the experiment now routes traffic.", cancellationToken);

    public Task<bool> PauseAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(() => experiments.PauseAsync(Key, user.Name, cancellationToken), "Paused: every request gets the usual route until it resumes.", cancellationToken);

    public Task<bool> ResumeAsync(CancellationToken cancellationToken = default) =>
        ChangeAsync(() => experiments.ResumeAsync(Key, user.Name, cancellationToken), "Resumed: subjects return to the arms they had.", cancellationToken);

    public Task<bool> StopAsync(StopChoice choice, CancellationToken cancellationToken = default)
    {
        var command = new StopExperimentCommand(choice.Decision, choice.Decision == ExperimentVerdicts.Ship ? choice.Arm : null, Blank(choice.Reason));
        var status = choice.Decision == ExperimentVerdicts.Ship
            ? $"Stopped: {choice.Arm} shipped to production."
            : "Stopped with no winner.";
        return ChangeAsync(() => experiments.StopAsync(Key, command, user.Name, cancellationToken), status, cancellationToken);
    }

    /// <summary>The shortcut on a treatment's row: stop the experiment and ship that arm.</summary>
    public Task<bool> ShipAsync(string arm, string reason, CancellationToken cancellationToken = default) =>
        StopAsync(new StopChoice(ExperimentVerdicts.Ship, arm, reason), cancellationToken);

    /// <summary>Starting, pausing, resuming and stopping are an Operator's; Viewers follow the results.</summary>
    public bool CanChange => user.CanOperate();

    private async Task<bool> ChangeAsync(Func<Task<Result<ExperimentDetails>>> change, string status, CancellationToken cancellationToken)
    {
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
            var result = await change();
            if (!result.IsSuccess)
            {
                ActionError = ErrorView.From(result.Error!);
                return false;
            }

            Details = result.Value;
            ActionStatus = status;
            await Task.WhenAll(LoadResultsAsync(cancellationToken), LoadAuditAsync(cancellationToken));
            FollowStatus();
            return true;
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task LoadResultsAsync(CancellationToken cancellationToken)
    {
        var results = await experiments.GetResultsAsync(Key, cancellationToken);
        if (!results.IsSuccess)
        {
            // Keep the last results shown: a failed refresh says so without blanking the page.
            ResultsError = ErrorView.From(results.Error!);
            return;
        }

        ResultsError = null;
        Results = results.Value;
        Metrics = Group(results.Value);
        Charts = ExperimentCharts.From(results.Value);
    }

    private async Task LoadAuditAsync(CancellationToken cancellationToken)
    {
        var audit = await experiments.GetAuditAsync(Key, cancellationToken);
        if (audit.IsSuccess)
            Audit = audit.Value.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToArray();
    }

    /// <summary>Rows by metric, in the order the results list the metrics (primary, guardrails, the rest).</summary>
    public static IReadOnlyList<MetricGroup> Group(ExperimentResults results)
    {
        var metrics = results.Arms.SelectMany(a => a.Metrics).Select(m => (m.Metric, m.Role)).Distinct().ToArray();
        return metrics.Select(metric => new MetricGroup(
                metric.Metric,
                metric.Role,
                results.Arms
                    .OrderByDescending(a => a.Control)
                    .Select(arm => (arm, result: arm.Metrics.FirstOrDefault(m => m.Metric == metric.Metric)))
                    .Where(x => x.result is not null)
                    .Select(x => new ArmMetricRow(metric.Metric, metric.Role, x.arm.Name, x.arm.Version, x.arm.Control, x.arm.N, x.result!.Count, x.result.Value, x.result.Effect))
                    .ToArray()))
            .ToArray();
    }

    /// <summary>Polls while the experiment runs, and only then.</summary>
    private void FollowStatus()
    {
        var wanted = _dispatch is not null && !_disposed && Status == ExperimentStatus.Running;
        if (wanted && _timer is null)
        {
            _timer = new PeriodicTimer(RefreshInterval, time);
            var poll = PollAsync(_timer, _dispatch!);
            // An earlier loop may still be finishing a refresh: disposal waits for both.
            _loop = _loop is { IsCompleted: false } earlier ? Task.WhenAll(earlier, poll) : poll;
        }
        else if (!wanted && _timer is not null)
        {
            // Its loop ends at its next wait; disposal awaits the last loop.
            _timer.Dispose();
            _timer = null;
        }
    }

    private async Task PollAsync(PeriodicTimer timer, Func<Func<Task>, Task> dispatch)
    {
        while (await timer.WaitForNextTickAsync())
        {
            try
            {
                await dispatch(() => RefreshAsync());
            }
            catch (Exception exception)
            {
                // The next tick tries again; a page that went away is disposed and ends the loop.
                LogRefreshFailed(logger, Key, exception);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _timer?.Dispose();
        _timer = null;
        if (_loop is { } loop)
            await loop;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the results of experiment {Key} failed")]
    private static partial void LogRefreshFailed(ILogger logger, string key, Exception exception);
}
