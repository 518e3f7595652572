using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;
using Radzen;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class LabelsTab
{
    [Inject]
    private LabelsViewModel Model { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    protected override Task OnPromptChangedAsync(Prompt prompt)
    {
        Model.Load(prompt);
        return Task.CompletedTask;
    }

    private async Task DeployAsync()
    {
        if (Model.DeployVersion is not { } version)
            return;

        var label = Model.DeployLabel.Trim();
        var current = Model.Find(label);
        var reason = await ReasonDialog.AskAsync(Dialogs, $"Deploy v{version} to {label}", new()
        {
            [nameof(ReasonDialog.Message)] = current is null
                ? $"Creates the label '{label}' pointing at version {version}."
                : $"Moves '{label}' from {ConsoleFormat.Version(current.Version)} to v{version}; callers of this label get it within a second.",
            [nameof(ReasonDialog.ConfirmText)] = "Deploy",
            [nameof(ReasonDialog.ConfirmTestId)] = "confirm-deploy",
            [nameof(ReasonDialog.ReasonTestId)] = "deploy-reason",
        });
        if (reason is null)
            return;

        Model.DeployReason = reason;
        if (await Model.DeployAsync())
            await Changed.InvokeAsync();
    }

    private async Task RollbackAsync(LabelRow label)
    {
        var message = label.RollbackTarget is { } target
            ? $"Moves '{label.Name}' from {ConsoleFormat.Version(label.Version)} back to v{target}."
            : $"'{label.Name}' has no earlier deploy to return to; the registry will say so.";
        var reason = await ReasonDialog.AskAsync(Dialogs, $"Roll back {label.Name}", new()
        {
            [nameof(ReasonDialog.Message)] = message,
            [nameof(ReasonDialog.ConfirmText)] = "Roll back",
            [nameof(ReasonDialog.ConfirmStyle)] = ButtonStyle.Danger,
            [nameof(ReasonDialog.ConfirmTestId)] = "confirm-rollback",
            [nameof(ReasonDialog.ReasonTestId)] = "rollback-reason",
            [nameof(ReasonDialog.ReasonPlaceholder)] = "e.g. error rate up after the deploy",
        });
        if (reason is null)
            return;

        var rolledBack = await Model.RollbackAsync(label.Name, reason);
        // Show the label's new version now; the reload below brings every other tab up to date.
        StateHasChanged();
        if (rolledBack)
            await Changed.InvokeAsync();
    }
}
