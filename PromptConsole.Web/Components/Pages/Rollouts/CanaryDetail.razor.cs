using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model.Rollouts;

namespace PromptConsole.Web.Components.Pages.Rollouts;

/// <summary>
/// One canary: its steps, charts, gates and decisions (read again every few seconds while it is live) and the
/// promote / pause / resume / abort buttons, each asking why. The view model owns the refresh timer.
/// </summary>
public partial class CanaryDetail : IAsyncDisposable
{
    private bool _disposed;

    [Parameter]
    public string CanaryKey { get; set; } = string.Empty;

    [Inject]
    private CanaryPageViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (!Model.Loaded || !string.Equals(Model.Key, CanaryKey, StringComparison.Ordinal))
            await Model.LoadAsync(CanaryKey);
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
        [new("Releases", href: "canaries"), new(key, href: null, disabled: true)];

    private static string StatusReasonTitle(CanaryStatus status) => status switch
    {
        CanaryStatus.Paused => "Paused:",
        CanaryStatus.Aborted => "Aborted:",
        CanaryStatus.RolledBack => "Rolled back:",
        CanaryStatus.Promoted => "Promoted:",
        _ => "Note:",
    };

    private static Color StepColor(CanaryStepRow step, CanaryStatus status) => step.State switch
    {
        CanaryStepRow.Done => Color.Success,
        CanaryStepRow.Current => status switch
        {
            CanaryStatus.Aborted or CanaryStatus.RolledBack => Color.Error,
            CanaryStatus.Paused => Color.Warning,
            CanaryStatus.Promoted => Color.Success,
            _ => Color.Info,
        },
        _ => Color.Default,
    };

    private static Color PhaseColor(string phase) => phase switch
    {
        "successful" => Color.Success,
        "failed" => Color.Error,
        "inconclusive" => Color.Warning,
        _ => Color.Default,
    };

    private static Color ActionColor(string action) => action switch
    {
        "advance" or "promote" => Color.Success,
        "abort" => Color.Error,
        "pause" => Color.Warning,
        "resume" => Color.Info,
        _ => Color.Default,
    };

    private static double Share(double value, double of) => of <= 0 ? 100 : Math.Clamp(value / of * 100, 0, 100);

    private async Task PromoteAsync()
    {
        var canary = Model.Details!;
        var reason = await AskAsync($"Promote v{canary.CandidateVersion}",
            $"Skips the remaining steps: '{canary.Label}' moves to v{canary.CandidateVersion} for everyone.",
            "Promote", Color.Success, "confirm-promote", "promote-reason", "e.g. gates green at 50 %, no need to wait");
        if (reason is not null)
            await Model.PromoteAsync(reason);
    }

    private async Task PauseAsync()
    {
        var canary = Model.Details!;
        var reason = await AskAsync("Pause the canary",
            $"The candidate keeps {canary.Percent} % of '{canary.Label}' and the canary stops advancing until resumed.",
            "Pause", Color.Warning, "confirm-pause", "pause-reason", "e.g. waiting for the support team to check answers");
        if (reason is not null)
            await Model.PauseAsync(reason);
    }

    private async Task ResumeAsync()
    {
        var reason = await AskAsync("Resume the canary", "The analysis continues with the current step.",
            "Resume", Color.Primary, "confirm-resume", "resume-reason", "e.g. answers checked, all fine");
        if (reason is not null)
            await Model.ResumeAsync(reason);
    }

    private async Task AbortAsync()
    {
        var canary = Model.Details!;
        var reason = await AskAsync("Abort the canary",
            $"All of '{canary.Label}' goes back to v{canary.BaselineVersion} at once; v{canary.CandidateVersion} stops serving it.",
            "Abort", Color.Error, "confirm-abort", "abort-reason", "e.g. answers are too long");
        if (reason is not null)
            await Model.AbortAsync(reason);
    }

    private Task<string?> AskAsync(string title, string message, string confirm, Color color, string confirmTestId, string reasonTestId, string placeholder) =>
        ReasonDialog.AskAsync(Dialogs, title, new()
        {
            { d => d.Message, message },
            { d => d.ConfirmText, confirm },
            { d => d.ConfirmColor, color },
            { d => d.ConfirmTestId, confirmTestId },
            { d => d.ReasonTestId, reasonTestId },
            { d => d.ReasonPlaceholder, placeholder },
        });

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
