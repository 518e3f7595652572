using Microsoft.Extensions.Logging;
using PromptConsole.Domain.Alerts;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Alerts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Alerts;

/// <summary>
/// The alerts page: the alerts firing or acknowledged now (with an acknowledge button), the history with its
/// filters, and the alert rules. The active alerts are read again every <see cref="RefreshInterval"/> while shown.
/// An acknowledgement shows on every list at once.
/// </summary>
public sealed class AlertsViewModel(
    IAlertService alerts,
    INotificationChannels channels,
    ISloService slos,
    IConsoleUser user,
    TimeProvider time,
    ILogger<AlertsViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly LivePolling _polling = new(time, logger, "the alerts");

    public bool Loaded { get; private set; }

    /// <summary>Firing and acknowledged alerts, newest first.</summary>
    public IReadOnlyList<AlertView> Active { get; private set; } = [];

    public IReadOnlyList<AlertView> History { get; private set; } = [];

    public IReadOnlyList<AlertRuleView> Rules { get; private set; } = [];

    /// <summary>Channel names by id, for the rules' channels.</summary>
    public IReadOnlyDictionary<Guid, string> ChannelNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>SLO names by id, for slo-burn rules.</summary>
    public IReadOnlyDictionary<Guid, string> SloNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>History filter: null for every status.</summary>
    public string? StatusFilter { get; set; }

    /// <summary>History filter: empty for every prompt.</summary>
    public string? PromptFilter { get; set; }

    public ErrorView? Error { get; private set; }

    public ErrorView? ActionError { get; private set; }

    public string? ActionStatus { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.WhenAll(LoadActiveAsync(cancellationToken), LoadHistoryAsync(cancellationToken), LoadRulesAsync(cancellationToken));
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The alerts could not be read: " + exception.Message);
        }

        Loaded = true;
    }

    public async Task RefreshActiveAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await LoadActiveAsync(cancellationToken);
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The alerts could not be read: " + exception.Message);
        }
    }

    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, () => RefreshActiveAsync());

    public async Task ApplyFiltersAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await LoadHistoryAsync(cancellationToken);
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The alert history could not be read: " + exception.Message);
        }
    }

    public AlertQuery HistoryQuery() =>
        new(Status: StatusFilter, Prompt: string.IsNullOrWhiteSpace(PromptFilter) ? null : PromptFilter.Trim());

    /// <summary>Acknowledges one alert; its rows on every list show it at once.</summary>
    /// <summary>Acknowledging is for the people on call: Operators and Admins.</summary>
    public bool CanAcknowledgeAny => user.CanAcknowledgeAlerts();

    /// <summary>Alert rules are an Operator's to create, edit and delete.</summary>
    public bool CanEditRules => user.CanOperate();

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
        Active = Replace(Active, result.Value);
        History = Replace(History, result.Value);
        return true;
    }

    public async Task<bool> DeleteRuleAsync(Guid ruleId, CancellationToken cancellationToken = default)
    {
        ActionStatus = null;
        if (!CanEditRules)
        {
            ActionError = user.OperatorRequired();
            return false;
        }

        var name = Rules.FirstOrDefault(r => r.Id == ruleId)?.Name ?? ruleId.ToString();
        var result = await alerts.DeleteRuleAsync(ruleId, user.Name, cancellationToken);
        if (!result.IsSuccess)
        {
            ActionError = ErrorView.From(result.Error!);
            return false;
        }

        ActionError = null;
        ActionStatus = $"Rule '{name}' deleted.";
        await LoadRulesAsync(cancellationToken);
        return true;
    }

    public async Task RuleSavedAsync(AlertRuleView rule, bool created, CancellationToken cancellationToken = default)
    {
        ActionError = null;
        ActionStatus = created ? $"Rule '{rule.Name}' created." : $"Rule '{rule.Name}' saved.";
        await LoadRulesAsync(cancellationToken);
    }

    public static bool CanAcknowledge(AlertView alert) => AlertStatusNames.Parse(alert.Status) == AlertStatus.Firing;

    public string ChannelName(Guid id) => ChannelNames.TryGetValue(id, out var name) ? name : id.ToString();

    public string SloName(Guid id) => SloNames.TryGetValue(id, out var name) ? name : id.ToString();

    private async Task LoadActiveAsync(CancellationToken cancellationToken)
    {
        var firing = await alerts.ListAlertsAsync(new AlertQuery(Status: AlertStatusNames.Of(AlertStatus.Firing)), cancellationToken);
        var acknowledged = await alerts.ListAlertsAsync(new AlertQuery(Status: AlertStatusNames.Of(AlertStatus.Acknowledged)), cancellationToken);
        Active = firing.Concat(acknowledged).OrderByDescending(a => a.StartedAt).ToArray();
    }

    private async Task LoadHistoryAsync(CancellationToken cancellationToken) =>
        History = (await alerts.ListAlertsAsync(HistoryQuery(), cancellationToken)).OrderByDescending(a => a.StartedAt).ToArray();

    private async Task LoadRulesAsync(CancellationToken cancellationToken)
    {
        Rules = (await alerts.ListRulesAsync(cancellationToken)).OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        ChannelNames = (await channels.ListAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.Name);
        SloNames = (await slos.ListAsync(cancellationToken)).ToDictionary(s => s.Id, s => s.Name);
    }

    private static AlertView[] Replace(IEnumerable<AlertView> list, AlertView changed) =>
        list.Select(a => a.Id == changed.Id ? changed : a).ToArray();

    public ValueTask DisposeAsync() => _polling.DisposeAsync();
}
