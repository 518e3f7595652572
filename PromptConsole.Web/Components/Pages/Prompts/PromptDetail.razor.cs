using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class PromptDetail
{
    /// <summary>Position of the Metrics tab among the tabs.</summary>
    private const int MetricsTabIndex = 6;

    [Parameter]
    public string Key { get; set; } = string.Empty;

    [Inject]
    private PromptPageViewModel Page { get; set; } = default!;

    private int SelectedTab { get; set; }

    /// <summary>The Metrics tab reads the metrics store only while it is the selected tab.</summary>
    private bool MetricsTabShown => SelectedTab == MetricsTabIndex;

    protected override async Task OnParametersSetAsync()
    {
        if (!Page.Loaded || !string.Equals(Page.Key, Key, StringComparison.Ordinal))
            await Page.LoadAsync(Key);
    }

    private static List<BreadcrumbItem> Breadcrumbs(string key) =>
        [new("Prompts", href: "prompts"), new(key, href: null, disabled: true)];

    private async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        StateHasChanged();
    }
}
