using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class PromptList
{
    [Inject]
    private PromptListViewModel Model { get; set; } = default!;

    /// <summary>Only roles that may create a prompt get the button (the dialog's view model refuses the others too).</summary>
    [Inject]
    private IConsoleUser User { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    private Task SearchAsync() => Model.LoadAsync();

    /// <summary>The box commits on Enter or when it loses focus, and each commit searches.</summary>
    private Task SearchForAsync(string? search) => Model.SearchAsync(search ?? string.Empty);

    private async Task OpenNewPromptAsync()
    {
        var key = await NewPromptDialog.OpenAsync(Dialogs);
        if (key is not null)
            Navigation.NavigateTo(PromptHref(key));
    }

    private static string PromptHref(string key) => $"prompts/{Uri.EscapeDataString(key)}";
}
