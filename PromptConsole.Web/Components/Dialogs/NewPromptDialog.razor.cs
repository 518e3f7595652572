using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model;
using Radzen;

namespace PromptConsole.Web.Components.Dialogs;

public partial class NewPromptDialog
{
    /// <summary>Fields shown next to their inputs; anything else the registry reports is listed below the form.</summary>
    private static readonly string[] PlacedFields = ["key", "name", "description", "tags", "template", "model"];

    [Inject]
    private NewPromptViewModel Model { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    /// <summary>Opens the dialog; the new prompt's key, or null when cancelled.</summary>
    public static async Task<string?> OpenAsync(DialogService dialogs)
    {
        object? result = await dialogs.OpenAsync<NewPromptDialog>("New prompt", [], new DialogOptions { Width = "720px" });
        return result as string;
    }

    private async Task CreateAsync()
    {
        var key = await Model.CreateAsync();
        if (key is not null)
            Dialogs.Close(key);
    }
}
