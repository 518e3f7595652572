using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Components.Pages.Prompts;

/// <summary>
/// A tab of the prompt page. It hands the prompt to its view model only when the prompt actually
/// changed (a new copy or a new revision), not on every re-render of the page, and asks the page
/// to reload after it changes something.
/// </summary>
public abstract class PromptTabBase : ComponentBase
{
    private Prompt? _shown;
    private int _shownRevision;

    [Parameter, EditorRequired]
    public Prompt Prompt { get; set; } = default!;

    /// <summary>Raised after this tab changed the prompt; the page reloads it and every tab sees the result.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (ReferenceEquals(Prompt, _shown) && Prompt.Revision == _shownRevision)
            return;
        _shown = Prompt;
        _shownRevision = Prompt.Revision;
        await OnPromptChangedAsync(Prompt);
    }

    protected abstract Task OnPromptChangedAsync(Prompt prompt);
}
