using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Components.Dialogs;

/// <summary>The alert-rule form; closes with the saved rule, stays open showing the service's errors otherwise.</summary>
public partial class AlertRuleDialog
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private bool _loaded;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private AlertRuleFormViewModel Model { get; set; } = default!;

    /// <summary>Null to create one.</summary>
    [Parameter]
    public AlertRuleView? Rule { get; set; }

    protected override async Task OnInitializedAsync()
    {
        await Model.LoadAsync(Rule);
        _loaded = true;
    }

    private void Cancel() => Dialog.Cancel();

    private async Task SaveAsync()
    {
        if (await Model.SaveAsync() is { } saved)
            Dialog.Close(DialogResult.Ok(saved));
    }

    /// <summary>Opens the dialog; the saved rule, or null when cancelled.</summary>
    public static async Task<AlertRuleView?> AskAsync(IDialogService dialogs, AlertRuleView? rule)
    {
        var dialog = await dialogs.ShowAsync<AlertRuleDialog>(rule is null ? "New alert rule" : $"Edit {rule.Name}",
            new DialogParameters<AlertRuleDialog> { { d => d.Rule, rule } },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: AlertRuleView saved } ? saved : null;
    }
}
