using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Components.Pages.Alerts;

/// <summary>The notification channels: create, edit, delete, and "send test" showing whether it was delivered and each attempt.</summary>
public partial class ChannelList
{
    [Inject]
    private ChannelsViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    private Task SendTestAsync(Guid channelId) => Model.SendTestAsync(channelId);

    private async Task CreateAsync()
    {
        if (await ChannelDialog.AskAsync(Dialogs, null) is { } created)
            await Model.SavedAsync(created, created: true);
    }

    private async Task EditAsync(ChannelView channel)
    {
        if (await ChannelDialog.AskAsync(Dialogs, channel) is { } saved)
            await Model.SavedAsync(saved, created: false);
    }

    private async Task DeleteAsync(ChannelView channel)
    {
        if (await ConfirmDeleteDialog.ConfirmAsync(Dialogs, $"Delete {channel.Name}",
                $"The channel '{channel.Name}' receives nothing more; rules that name it lose it. Its past attempts and audit events stay."))
            await Model.DeleteAsync(channel.Id);
    }
}
