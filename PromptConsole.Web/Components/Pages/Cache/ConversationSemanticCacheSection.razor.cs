using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model.Caching;

namespace PromptConsole.Web.Components.Pages.Cache;

/// <summary>The cache page's section for the semantic cache of raw conversations; its own view model.</summary>
public partial class ConversationSemanticCacheSection
{
    [Inject]
    private ConversationSemanticCacheViewModel Model { get; set; } = default!;

    /// <summary>Raised after a save; the page refreshes its figures.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    protected override Task OnInitializedAsync() => Model.LoadAsync();

    private async Task SaveAsync()
    {
        if (await Model.SaveAsync())
            await Changed.InvokeAsync();
    }
}
