using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Model.Alerts;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Components.Pages.Alerts;

/// <summary>
/// Alerts in three tabs: firing now (read again every few seconds), the history with its filters, and the rules.
/// The tab is in the address (<c>?tab=rules</c>) so other pages can link to it.
/// </summary>
public partial class AlertList : IAsyncDisposable
{
    private static readonly string[] TabNames = ["firing", "history", "rules"];

    private bool _disposed;

    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    [Inject]
    private AlertsViewModel Model { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    private int SelectedTab { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (!string.IsNullOrWhiteSpace(Tab) && PromptDetail.TabIndex(TabNames, Tab) is { } index)
            SelectedTab = index;
        await Model.LoadAsync();
        if (RendererInfo.IsInteractive)
            Model.StartLiveRefresh(refresh => InvokeAsync(async () =>
            {
                if (_disposed)
                    return;
                await refresh();
                StateHasChanged();
            }));
    }

    /// <summary>No callback for roles that may not acknowledge: the table then renders no Acknowledge column at all.</summary>
    private EventCallback<AlertView> AcknowledgeCallback =>
        Model.CanAcknowledgeAny ? EventCallback.Factory.Create<AlertView>(this, AcknowledgeAsync) : default;

    private async Task AcknowledgeAsync(AlertView alert)
    {
        var comment = await AcknowledgeDialog.AskAsync(Dialogs, alert);
        if (comment is not null)
            await Model.AcknowledgeAsync(alert.Id, comment);
    }

    private async Task SetStatusFilterAsync(string? status)
    {
        Model.StatusFilter = status;
        await Model.ApplyFiltersAsync();
    }

    private Task ApplyFiltersAsync() => Model.ApplyFiltersAsync();

    private async Task PromptKeyUpAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
            await Model.ApplyFiltersAsync();
    }

    private async Task CreateRuleAsync()
    {
        if (await AlertRuleDialog.AskAsync(Dialogs, null) is { } created)
            await Model.RuleSavedAsync(created, created: true);
    }

    private async Task EditRuleAsync(AlertRuleView rule)
    {
        if (await AlertRuleDialog.AskAsync(Dialogs, rule) is { } saved)
            await Model.RuleSavedAsync(saved, created: false);
    }

    private async Task DeleteRuleAsync(AlertRuleView rule)
    {
        if (await ConfirmDeleteDialog.ConfirmAsync(Dialogs, $"Delete {rule.Name}",
                $"The rule '{rule.Name}' stops evaluating at once; its past alerts and audit events stay."))
            await Model.DeleteRuleAsync(rule.Id);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Model.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
