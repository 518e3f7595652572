using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Components.Dialogs;
using PromptConsole.Web.Model;
using Radzen;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class PromptList
{
    [Inject]
    private PromptListViewModel Model { get; set; } = default!;

    [Inject]
    private DialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    private Task SearchAsync() => Model.LoadAsync();

    private async Task OpenNewPromptAsync()
    {
        var key = await NewPromptDialog.OpenAsync(Dialogs);
        if (key is not null)
            Navigation.NavigateTo(PromptHref(key));
    }

    private static string PromptHref(string key) => $"prompts/{Uri.EscapeDataString(key)}";
}
