using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Components.Pages.Experiments;

/// <summary>
/// One experiment: its results (refreshed every few seconds while it runs), its lifecycle buttons and
/// its audit trail. The view model owns the refresh timer; disposing the page disposes it.
/// </summary>
public partial class ExperimentDetail : IAsyncDisposable
{
    private bool _disposed;

    [Parameter]
    public string Key { get; set; } = string.Empty;

    [Inject]
    private ExperimentPageViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (!Model.Loaded || !string.Equals(Model.Key, Key, StringComparison.Ordinal))
            await Model.LoadAsync(Key);
        // A prerender has no circuit to push refreshes to.
        if (RendererInfo.IsInteractive)
            Model.StartLiveRefresh(RefreshOnDispatcherAsync);
    }

    private Task RefreshOnDispatcherAsync(Func<Task> refresh) => InvokeAsync(async () =>
    {
        if (_disposed)
            return;
        await refresh();
        StateHasChanged();
    });

    private static List<BreadcrumbItem> Breadcrumbs(string key) =>
        [new("Experiments", href: "experiments"), new(key, href: null, disabled: true)];

    private static Color VerdictColor(string verdict) => verdict switch
    {
        "better" => Color.Success,
        "worse" => Color.Error,
        _ => Color.Default,
    };

    private Task StartAsync() => Model.StartAsync();

    private Task PauseAsync() => Model.PauseAsync();

    private Task ResumeAsync() => Model.ResumeAsync();

    private async Task StopAsync()
    {
        var recommendation = Model.Results?.Recommendation;
        var suggested = recommendation is { Action: "ship" } ? recommendation.Arm : null;
        var choice = await StopExperimentDialog.AskAsync(Dialogs, Key, Model.Treatments, suggested);
        if (choice is not null)
            await Model.StopAsync(choice);
    }

    private async Task ShipAsync(ArmResult arm)
    {
        var reason = await ReasonDialog.AskAsync(Dialogs, $"Ship {arm.Name}", new()
        {
            { d => d.Message, $"Stops the experiment and deploys v{arm.Version} ({arm.Name}) to production." },
            { d => d.ConfirmText, $"Ship {arm.Name}" },
            { d => d.ConfirmColor, Color.Success },
            { d => d.ConfirmTestId, "confirm-ship" },
            { d => d.ReasonTestId, "ship-reason" },
            { d => d.ReasonPlaceholder, "e.g. success rate up 2 pp, guardrails hold" },
        });
        if (reason is not null)
            await Model.ShipAsync(arm.Name, reason);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
