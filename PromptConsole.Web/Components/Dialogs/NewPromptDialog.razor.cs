using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Dialogs;

public partial class NewPromptDialog
{
    /// <summary>Fields shown next to their inputs; anything else the registry reports is listed below the form.</summary>
    private static readonly string[] PlacedFields = ["key", "name", "description", "tags", "template", "model"];

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private NewPromptViewModel Model { get; set; } = default!;

    /// <summary>Opens the dialog; the new prompt's key, or null when cancelled.</summary>
    public static async Task<string?> OpenAsync(IDialogService dialogs)
    {
        var dialog = await dialogs.ShowAsync<NewPromptDialog>("New prompt", new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: string key } ? key : null;
    }

    private void Cancel() => Dialog.Cancel();

    private async Task CreateAsync()
    {
        var key = await Model.CreateAsync();
        if (key is not null)
            Dialog.Close(DialogResult.Ok(key));
    }
}
