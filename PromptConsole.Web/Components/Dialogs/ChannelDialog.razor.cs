using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Components.Dialogs;

/// <summary>The channel form; closes with the saved channel, stays open showing the service's errors otherwise.</summary>
public partial class ChannelDialog
{
    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private ChannelFormViewModel Model { get; set; } = default!;

    /// <summary>Null to create one.</summary>
    [Parameter]
    public ChannelView? Channel { get; set; }

    protected override void OnInitialized() => Model.Load(Channel);

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        if (await Model.SaveAsync() is { } saved)
            Dialog.Close(DialogResult.Ok(saved));
    }

    /// <summary>Opens the dialog; the saved channel, or null when cancelled.</summary>
    public static async Task<ChannelView?> AskAsync(IDialogService dialogs, ChannelView? channel)
    {
        var dialog = await dialogs.ShowAsync<ChannelDialog>(channel is null ? "New channel" : $"Edit {channel.Name}",
            new DialogParameters<ChannelDialog> { { d => d.Channel, channel } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: ChannelView saved } ? saved : null;
    }
}
