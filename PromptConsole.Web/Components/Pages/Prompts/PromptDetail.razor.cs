using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model;
using Radzen.Blazor;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class PromptDetail
{
    private RadzenTabsItem? _metricsTabItem;

    [Parameter]
    public string Key { get; set; } = string.Empty;

    [Inject]
    private PromptPageViewModel Page { get; set; } = default!;

    private int SelectedTab { get; set; }

    /// <summary>The Metrics tab reads the metrics store only while it is the selected tab.</summary>
    private bool MetricsTabShown => _metricsTabItem is { } item && SelectedTab == item.Index;

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
