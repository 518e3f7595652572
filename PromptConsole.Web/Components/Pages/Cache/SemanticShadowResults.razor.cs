using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model.Caching;

namespace PromptConsole.Web.Components.Pages.Cache;

public partial class SemanticShadowResults
{
    [Inject]
    private SemanticShadowResultsViewModel Model { get; set; } = default!;

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    /// <summary>Reloads (the page's Refresh button).</summary>
    public async Task RefreshAsync()
    {
        await Model.LoadAsync();
        StateHasChanged();
    }

    private static List<ChartSeries<double>> Series(ShadowPromptResults prompt) =>
    [
        new() { Name = "false-hit rate %", Data = prompt.RatePercents },
        new() { Name = "95 % upper bound %", Data = prompt.UpperBoundPercents },
        new() { Name = "target %", Data = prompt.TargetPercents },
    ];
}
