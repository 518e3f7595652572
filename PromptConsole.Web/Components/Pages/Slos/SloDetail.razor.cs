using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Slos;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Components.Pages.Slos;

/// <summary>
/// One SLO: budget, SLI against the objective, burn rate per window with the thresholds, the burn chart and its
/// alerts with an acknowledge button; read again every few seconds by the view model's timer.
/// </summary>
public partial class SloDetail : IAsyncDisposable
{
    private bool _disposed;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private SloPageViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (!Model.Loaded || Model.Id != Id)
            await Model.LoadAsync(Id);
        // A prerender has no circuit to push refreshes to.
        if (RendererInfo.IsInteractive && Model.Slo is not null)
            Model.StartLiveRefresh(refresh => InvokeAsync(async () =>
            {
                if (_disposed)
                    return;
                await refresh();
                StateHasChanged();
            }));
    }

    private static List<BreadcrumbItem> Breadcrumbs(string name) =>
        [new("SLOs", href: "slos"), new(name, href: null, disabled: true)];

    private Task SelectRangeAsync(MetricsRange range) => Model.SelectRangeAsync(range);

    /// <summary>No callback for roles that may not acknowledge: the table then renders no Acknowledge column at all.</summary>
    private EventCallback<AlertView> AcknowledgeCallback =>
        Model.CanAcknowledgeAny ? EventCallback.Factory.Create<AlertView>(this, AcknowledgeAsync) : default;

    private async Task AcknowledgeAsync(AlertView alert)
    {
        var comment = await AcknowledgeDialog.AskAsync(Dialogs, alert);
        if (comment is not null)
            await Model.AcknowledgeAsync(alert.Id, comment);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
