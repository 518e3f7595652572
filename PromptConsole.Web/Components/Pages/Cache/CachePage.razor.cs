using System.Globalization;
using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model.Caching;

namespace PromptConsole.Web.Components.Pages.Cache;

public partial class CachePage
{
    [Inject]
    private CachePageViewModel Model { get; set; } = default!;

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    private SemanticShadowResults? _shadowResults;

    private async Task RefreshAsync()
    {
        await Model.LoadAsync();
        if (_shadowResults is not null)
            await _shadowResults.RefreshAsync();
    }

    private Task PurgeAsync(string promptKey) => Model.PurgeAsync(promptKey);

    private static string Width(double? share) =>
        (Math.Clamp(share ?? 0, 0, 1) * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
