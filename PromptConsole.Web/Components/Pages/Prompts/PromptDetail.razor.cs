using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class PromptDetail
{
    [Parameter]
    public string Key { get; set; } = string.Empty;

    [Inject]
    private PromptPageViewModel Page { get; set; } = default!;

    private int SelectedTab { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (!Page.Loaded || !string.Equals(Page.Key, Key, StringComparison.Ordinal))
            await Page.LoadAsync(Key);
    }

    private async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        StateHasChanged();
    }
}
