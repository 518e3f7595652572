using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model.Caching;

namespace PromptConsole.Web.Components.Pages.Prompts;

/// <summary>The Cache tab's semantic section; its own view model, so the exact cache's part stays as it was.</summary>
public partial class SemanticCacheSection
{
    private Prompt? _shown;
    private int _shownRevision;

    [Inject]
    private SemanticCacheViewModel Model { get; set; } = default!;

    [Parameter, EditorRequired]
    public Prompt Prompt { get; set; } = default!;

    /// <summary>Raised after a save; the page reloads the prompt.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (ReferenceEquals(Prompt, _shown) && Prompt.Revision == _shownRevision)
            return;
        _shown = Prompt;
        _shownRevision = Prompt.Revision;
        await Model.LoadAsync(Prompt);
    }

    private async Task SaveAsync()
    {
        if (await Model.SaveAsync())
            await Changed.InvokeAsync();
    }
}
