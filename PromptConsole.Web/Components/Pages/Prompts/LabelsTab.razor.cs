using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Rollouts;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class LabelsTab
{
    [Inject]
    private LabelsViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Quick picks under the label box: the prompt's labels and the usual ones; any other name can be typed.</summary>
    private IEnumerable<string> LabelChoices => Model.LabelNames.Append(LabelName.Production).Append("staging").Distinct(StringComparer.Ordinal);

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
            {
                d => d.Message, current is null
                    ? $"Creates the label '{label}' pointing at version {version}."
                    : $"Moves '{label}' from {ConsoleFormat.Version(current.Version)} to v{version}; callers of this label get it within a second."
            },
            { d => d.ConfirmText, "Deploy" },
            { d => d.ConfirmTestId, "confirm-deploy" },
            { d => d.ReasonTestId, "deploy-reason" },
        });
        if (reason is null)
            return;

        Model.DeployReason = reason;
        if (await Model.DeployAsync())
            await Changed.InvokeAsync();
    }

    private async Task OverrideAsync()
    {
        if (await Model.OverrideAndDeployAsync())
            await Changed.InvokeAsync();
    }

    /// <summary>A gradual release instead of a deploy: the dialog starts the canary, its page shows it stepping.</summary>
    private async Task StartCanaryAsync()
    {
        if (await StartCanaryDialog.AskAsync(Dialogs, Prompt) is { } started)
            Navigation.NavigateTo(CanaryFormat.CanaryHref(started.Key));
    }

    private async Task RollbackAsync(LabelRow label)
    {
        var message = label.RollbackTarget is { } target
            ? $"Moves '{label.Name}' from {ConsoleFormat.Version(label.Version)} back to v{target}."
            : $"'{label.Name}' has no earlier deploy to return to; the registry will say so.";
        var reason = await ReasonDialog.AskAsync(Dialogs, $"Roll back {label.Name}", new()
        {
            { d => d.Message, message },
            { d => d.ConfirmText, "Roll back" },
            { d => d.ConfirmColor, Color.Error },
            { d => d.ConfirmTestId, "confirm-rollback" },
            { d => d.ReasonTestId, "rollback-reason" },
            { d => d.ReasonPlaceholder, "e.g. error rate up after the deploy" },
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
