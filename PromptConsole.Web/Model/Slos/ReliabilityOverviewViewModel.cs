using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Alerts;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Slos;

/// <summary>
/// The overview's reliability cards: SLOs at risk (less than a quarter of the budget left, or burning) and the alerts
/// firing now, read again every <see cref="RefreshInterval"/>. A failed read says so in the card; the overview stays up.
/// </summary>
public sealed class ReliabilityOverviewViewModel(ISloService slos, IAlertService alerts, TimeProvider time, ILogger<ReliabilityOverviewViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly LivePolling _polling = new(time, logger, "the SLOs and alerts");

    public bool Loaded { get; private set; }

    /// <summary>Worst first: breached, then by budget left.</summary>
    public IReadOnlyList<SloStatusView> AtRisk { get; private set; } = [];

    public int SloCount { get; private set; }

    public IReadOnlyList<AlertView> Firing { get; private set; } = [];

    public ErrorView? SloError { get; private set; }

    public ErrorView? AlertError { get; private set; }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var statuses = await slos.ListStatusesAsync(cancellationToken);
            SloCount = statuses.Count;
            AtRisk = statuses.Where(SloFormat.IsAtRisk)
                .OrderByDescending(s => SloFormat.Risk(s)).ThenBy(s => s.BudgetRemaining).ThenBy(s => s.Name, StringComparer.Ordinal)
                .ToArray();
            SloError = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SloError = ErrorView.Unavailable("The SLOs could not be read: " + exception.Message);
        }

        try
        {
            Firing = (await alerts.ListAlertsAsync(new AlertQuery(Status: AlertStatusNames.Of(AlertStatus.Firing)), cancellationToken))
                .OrderByDescending(a => AlertSeverityNames.Parse(a.Severity)).ThenByDescending(a => a.StartedAt)
                .ToArray();
            AlertError = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AlertError = ErrorView.Unavailable("The alerts could not be read: " + exception.Message);
        }

        Loaded = true;
    }

    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, () => RefreshAsync());

    public ValueTask DisposeAsync() => _polling.DisposeAsync();
}
