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

    /// <summary>A tab to open by its name (<c>?tab=incidents</c>), so other pages can link straight to it.</summary>
    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    private MudTabs? Tabs { get; set; }

    private bool _tabApplied;

    private int SelectedTab { get; set; }

    /// <summary>The Metrics tab reads the metrics store only while it is the selected tab.</summary>
    private bool MetricsTabShown => SelectedTab == MetricsTabIndex;

    protected override async Task OnParametersSetAsync()
    {
        if (!Page.Loaded || !string.Equals(Page.Key, Key, StringComparison.Ordinal))
            await Page.LoadAsync(Key);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // The tabs exist only once the prompt is loaded and rendered; select the named one once.
        if (_tabApplied || Tabs is null || string.IsNullOrWhiteSpace(Tab))
            return;
        _tabApplied = true;
        var index = TabIndex(Tabs.Panels.Select(p => p.Text), Tab);
        if (index is { } found && found != SelectedTab)
        {
            SelectedTab = found;
            StateHasChanged();
        }
    }

    /// <summary>The tab whose name matches, ignoring case, spaces and dashes ("golden-set" finds "Golden set").</summary>
    public static int? TabIndex(IEnumerable<string?> names, string wanted)
    {
        static string Plain(string? text) => new((text ?? string.Empty).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        var target = Plain(wanted);
        var index = 0;
        foreach (var name in names)
        {
            if (Plain(name) == target)
                return index;
            index++;
        }

        return null;
    }

    private static List<BreadcrumbItem> Breadcrumbs(string key) =>
        [new("Prompts", href: "prompts"), new(key, href: null, disabled: true)];

    private async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        StateHasChanged();
    }
}
