using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Components.Dialogs;

/// <summary>The start-canary form; closes with the started canary, stays open showing the service's errors otherwise.</summary>
public partial class StartCanaryDialog
{
    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private StartCanaryViewModel Model { get; set; } = default!;

    [Parameter, EditorRequired]
    public Prompt Prompt { get; set; } = default!;

    protected override void OnInitialized() => Model.Load(Prompt);

    private string BaselineHint => Model.BaselineVersion is { } baseline ? $"Serves v{baseline} now: the baseline" : "The label serves no version yet";

    private void Cancel() => Dialog.Cancel();

    private async Task StartAsync()
    {
        if (await Model.StartAsync() is { } started)
            Dialog.Close(DialogResult.Ok(started));
    }

    /// <summary>Opens the dialog for <paramref name="prompt"/>; the started canary, or null when cancelled.</summary>
    public static async Task<CanaryDetails?> AskAsync(IDialogService dialogs, Prompt prompt)
    {
        var dialog = await dialogs.ShowAsync<StartCanaryDialog>($"Start a canary of {prompt.Key}",
            new DialogParameters<StartCanaryDialog> { { d => d.Prompt, prompt } },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: CanaryDetails started } ? started : null;
    }
}
