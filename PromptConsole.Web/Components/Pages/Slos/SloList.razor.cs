using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model.Slos;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Components.Pages.Slos;

/// <summary>Every SLO with its budget and burn rates (read again every few seconds), and create, edit and delete.</summary>
public partial class SloList : IAsyncDisposable
{
    private bool _disposed;

    [Inject]
    private SloListViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await Model.LoadAsync();
        if (RendererInfo.IsInteractive)
            Model.StartLiveRefresh(refresh => InvokeAsync(async () =>
            {
                if (_disposed)
                    return;
                await refresh();
                StateHasChanged();
            }));
    }

    private async Task CreateAsync()
    {
        if (await SloDialog.AskAsync(Dialogs, null) is { } created)
            await Model.SavedAsync(created, created: true);
    }

    private async Task EditAsync(SloView slo)
    {
        if (await SloDialog.AskAsync(Dialogs, slo) is { } saved)
            await Model.SavedAsync(saved, created: false);
    }

    private async Task DeleteAsync(SloView slo)
    {
        if (await ConfirmDeleteDialog.ConfirmAsync(Dialogs, $"Delete {slo.Name}",
                $"The SLO '{slo.Name}' and its slo-burn alerting stop at once; its audit events stay."))
            await Model.DeleteAsync(slo.Id);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
