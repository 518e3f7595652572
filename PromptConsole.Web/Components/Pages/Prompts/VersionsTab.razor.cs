using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class VersionsTab
{
    [Inject]
    private VersionsViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnPromptChangedAsync(Prompt prompt)
    {
        Model.Load(prompt);
        return Task.CompletedTask;
    }

    private async Task DeprecateAsync(int number)
    {
        var reason = await ReasonDialog.AskAsync(Dialogs, $"Deprecate version {number}", new()
        {
            { d => d.Message, $"Version {number} will no longer be deployable. Callers that pin it keep working." },
            { d => d.ConfirmText, "Deprecate" },
            { d => d.ConfirmColor, Color.Warning },
            { d => d.ConfirmTestId, "confirm-deprecate" },
            { d => d.ReasonTestId, "deprecate-reason" },
        });
        if (reason is null)
            return;

        if (await Model.DeprecateAsync(number, reason))
            await Changed.InvokeAsync();
    }
}
