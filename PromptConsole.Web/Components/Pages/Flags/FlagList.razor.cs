using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model.Flags;

namespace PromptConsole.Web.Components.Pages.Flags;

public partial class FlagList
{
    /// <summary>
    /// Bumped when a flip does not happen (cancelled or refused), so the switches are rebuilt from the
    /// stored state instead of keeping the position the click gave them.
    /// </summary>
    private int _resets;

    [Inject]
    private FlagListViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    internal static string FlagHref(string key) => $"flags/{Uri.EscapeDataString(key)}";

    /// <summary>A standard flag flips at once; a kill switch moves production traffic, so it asks why first.</summary>
    private async Task SwitchAsync(FlagRow row, bool enabled)
    {
        string? reason = null;
        if (FlagListViewModel.ConfirmationFor(row, enabled) is { } confirmation)
        {
            reason = await ReasonDialog.AskAsync(Dialogs, confirmation.Title, new()
            {
                { d => d.Message, confirmation.Message },
                { d => d.ConfirmText, confirmation.ConfirmText },
                { d => d.ConfirmColor, enabled ? Color.Error : Color.Primary },
                { d => d.ConfirmTestId, "confirm-switch" },
                { d => d.ReasonTestId, "switch-reason" },
                { d => d.ReasonPlaceholder, enabled ? "e.g. v4 answers in the wrong language" : "e.g. fixed in v5" },
            });
            if (reason is null)
            {
                _resets++;
                return;
            }
        }

        if (!await Model.SetEnabledAsync(row.Key, enabled, reason))
            _resets++;
    }
}
