using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model.Slos;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Components.Dialogs;

/// <summary>The SLO form; closes with the saved SLO, stays open showing the service's errors otherwise.</summary>
public partial class SloDialog
{
    /// <summary>Objectives are typed as 99.5 whatever the browser's language.</summary>
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private SloFormViewModel Model { get; set; } = default!;

    /// <summary>Null to create one.</summary>
    [Parameter]
    public SloView? Slo { get; set; }

    protected override void OnInitialized() => Model.Load(Slo);

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        if (await Model.SaveAsync() is { } saved)
            Dialog.Close(DialogResult.Ok(saved));
    }

    /// <summary>Opens the dialog; the saved SLO, or null when cancelled.</summary>
    public static async Task<SloView?> AskAsync(IDialogService dialogs, SloView? slo)
    {
        var dialog = await dialogs.ShowAsync<SloDialog>(slo is null ? "New SLO" : $"Edit {slo.Name}",
            new DialogParameters<SloDialog> { { d => d.Slo, slo } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: SloView saved } ? saved : null;
    }
}
