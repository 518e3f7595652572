using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Alerts;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Slos;

/// <summary>One burn-rate window on the SLO page: its rate now and the threshold it crosses, if any.</summary>
public sealed record BurnWindowRow(BurnWindow Window, double? Rate, string? Crossed);

/// <summary>
/// One SLO: its budget, SLI against the objective, the burn rate of each window with the page and ticket thresholds,
/// the burn chart and its unresolved alerts with an acknowledge button. Read again every <see cref="RefreshInterval"/>
/// on a timer of the injected clock while the page is open.
/// </summary>
public sealed class SloPageViewModel(ISloService slos, IAlertService alerts, IConsoleUser user, TimeProvider time, ILogger<SloPageViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly LivePolling _polling = new(time, logger, "the SLO");

    public Guid Id { get; private set; }

    public bool Loaded { get; private set; }

    public SloView? Slo { get; private set; }

    public SloStatusView? Status { get; private set; }

    /// <summary>Why the SLO could not be read (e.g. it does not exist).</summary>
    public ErrorView? Error { get; private set; }

    /// <summary>Why the status or the chart could not be read; the last ones read stay shown.</summary>
    public ErrorView? StatusError { get; private set; }

    public ErrorView? SeriesError { get; private set; }

    public SloCharts? Charts { get; private set; }

    public MetricsRange Range { get; private set; } = SloCharts.DefaultRange;

    public IReadOnlyList<BurnWindowRow> Windows { get; private set; } = [];

    /// <summary>The SLO's alerts not yet resolved, newest first, with acknowledgements applied at once.</summary>
    public IReadOnlyList<AlertView> Alerts { get; private set; } = [];

    public ErrorView? ActionError { get; private set; }

    public string? ActionStatus { get; private set; }

    public bool Polling => _polling.Running;

    public SloRisk Risk => Status is { } status ? SloFormat.Risk(status) : SloRisk.Healthy;

    public async Task LoadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        Id = id;
        var slo = await slos.GetAsync(id, cancellationToken);
        if (!slo.IsSuccess)
        {
            Slo = null;
            Status = null;
            Charts = null;
            Windows = [];
            Alerts = [];
            Error = ErrorView.From(slo.Error!);
            Loaded = true;
            return;
        }

        Error = null;
        Slo = slo.Value;
        await RefreshAsync(cancellationToken);
        Loaded = true;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (Slo is null)
            return;
        await Task.WhenAll(LoadStatusAsync(cancellationToken), LoadSeriesAsync(cancellationToken));
    }

    public async Task SelectRangeAsync(MetricsRange range, CancellationToken cancellationToken = default)
    {
        Range = range;
        await LoadSeriesAsync(cancellationToken);
    }

    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, () => RefreshAsync());

    /// <summary>Acknowledges one alert; its row shows the acknowledgement at once.</summary>
    /// <summary>Acknowledging is for the people on call: Operators and Admins.</summary>
    public bool CanAcknowledgeAny => user.CanAcknowledgeAlerts();

    public async Task<bool> AcknowledgeAsync(Guid alertId, string? comment, CancellationToken cancellationToken = default)
    {
        ActionStatus = null;
        if (!CanAcknowledgeAny)
        {
            ActionError = user.OperatorRequired();
            return false;
        }

        var result = await alerts.AcknowledgeAsync(alertId, user.Name, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), cancellationToken);
        if (!result.IsSuccess)
        {
            ActionError = ErrorView.From(result.Error!);
            return false;
        }

        ActionError = null;
        ActionStatus = $"Acknowledged '{result.Value.Name}': escalation and repeats stop.";
        Alerts = Alerts.Select(a => a.Id == alertId ? result.Value : a).ToArray();
        return true;
    }

    public static bool CanAcknowledge(AlertView alert) => AlertStatusNames.Parse(alert.Status) == AlertStatus.Firing;

    private async Task LoadStatusAsync(CancellationToken cancellationToken)
    {
        var status = await slos.GetStatusAsync(Id, cancellationToken);
        if (!status.IsSuccess)
        {
            StatusError = ErrorView.From(status.Error!);
            return;
        }

        StatusError = null;
        Status = status.Value;
        Windows = SloFormat.Windows
            .Select(w => new BurnWindowRow(w, SloFormat.RateOf(status.Value.BurnRates, w.Name), SloFormat.Crossed(w, SloFormat.RateOf(status.Value.BurnRates, w.Name))))
            .ToArray();
        Alerts = status.Value.Alerts.OrderByDescending(a => a.StartedAt).ToArray();
    }

    private async Task LoadSeriesAsync(CancellationToken cancellationToken)
    {
        var range = Range;
        var series = await slos.GetBurnSeriesAsync(Id, range.Window, cancellationToken);
        if (!series.IsSuccess)
        {
            SeriesError = ErrorView.From(series.Error!);
            return;
        }

        SeriesError = null;
        Charts = SloCharts.From(series.Value, range);
    }

    public ValueTask DisposeAsync() => _polling.DisposeAsync();
}
