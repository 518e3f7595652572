using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;
using Radzen;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class VersionsTab
{
    [Inject]
    private VersionsViewModel Model { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    protected override Task OnPromptChangedAsync(Prompt prompt)
    {
        Model.Load(prompt);
        return Task.CompletedTask;
    }

    private async Task DeprecateAsync(int number)
    {
        var reason = await ReasonDialog.AskAsync(Dialogs, $"Deprecate version {number}", new()
        {
            [nameof(ReasonDialog.Message)] = $"Version {number} will no longer be deployable. Callers that pin it keep working.",
            [nameof(ReasonDialog.ConfirmText)] = "Deprecate",
            [nameof(ReasonDialog.ConfirmStyle)] = ButtonStyle.Warning,
            [nameof(ReasonDialog.ConfirmTestId)] = "confirm-deprecate",
            [nameof(ReasonDialog.ReasonTestId)] = "deprecate-reason",
        });
        if (reason is null)
            return;

        if (await Model.DeprecateAsync(number, reason))
            await Changed.InvokeAsync();
    }
}
