using Microsoft.Extensions.Logging;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Slos;

/// <summary>One SLO as the list shows it: its definition and, when it could be evaluated, its status.</summary>
public sealed record SloRow(SloView Slo, SloStatusView? Status)
{
    public SloRisk Risk => Status is { } status ? SloFormat.Risk(status) : SloRisk.Healthy;
}

/// <summary>
/// The SLO list: every SLO with its budget, burn rates and burning severity, read again every
/// <see cref="RefreshInterval"/> while shown; deletes after the page confirmed.
/// </summary>
public sealed class SloListViewModel(ISloService slos, IConsoleUser user, TimeProvider time, ILogger<SloListViewModel> logger) : IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly LivePolling _polling = new(time, logger, "the SLOs");

    public bool Loaded { get; private set; }

    public IReadOnlyList<SloRow> Rows { get; private set; } = [];

    /// <summary>Why the list could not be read.</summary>
    public ErrorView? Error { get; private set; }

    /// <summary>Why a delete was refused.</summary>
    public ErrorView? ActionError { get; private set; }

    public string? ActionStatus { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var definitions = await slos.ListAsync(cancellationToken);
            var statuses = (await slos.ListStatusesAsync(cancellationToken)).ToDictionary(s => s.Id);
            Rows = definitions
                .OrderBy(s => s.Prompt is null ? 0 : 1).ThenBy(s => s.Prompt, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new SloRow(s, statuses.GetValueOrDefault(s.Id)))
                .ToArray();
            Error = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Error = ErrorView.Unavailable("The SLOs could not be read: " + exception.Message);
        }

        Loaded = true;
    }

    public void StartLiveRefresh(Func<Func<Task>, Task> dispatch) =>
        _polling.Start(RefreshInterval, dispatch, () => LoadAsync());

    /// <summary>Shows <paramref name="saved"/> at once (the dialog closed with it) and reads the list again.</summary>
    public async Task SavedAsync(SloView saved, bool created, CancellationToken cancellationToken = default)
    {
        ActionError = null;
        ActionStatus = created ? $"SLO '{saved.Name}' created." : $"SLO '{saved.Name}' saved.";
        await LoadAsync(cancellationToken);
    }

    /// <summary>Creating, editing and deleting SLOs are an Operator's changes.</summary>
    public bool CanEdit => user.CanOperate();

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        ActionStatus = null;
        if (!CanEdit)
        {
            ActionError = user.OperatorRequired();
            return false;
        }

        var name = Rows.FirstOrDefault(r => r.Slo.Id == id)?.Slo.Name ?? id.ToString();
        var result = await slos.DeleteAsync(id, user.Name, cancellationToken);
        if (!result.IsSuccess)
        {
            ActionError = ErrorView.From(result.Error!);
            return false;
        }

        ActionError = null;
        ActionStatus = $"SLO '{name}' deleted.";
        await LoadAsync(cancellationToken);
        return true;
    }

    public ValueTask DisposeAsync() => _polling.DisposeAsync();
}
