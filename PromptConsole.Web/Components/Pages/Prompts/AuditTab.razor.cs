using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class AuditTab
{
    private static readonly int[] PageSizes = [25, 50, 100];

    [Inject]
    private AuditViewModel Model { get; set; } = default!;

    /// <summary>Every change to the prompt writes an event, so a new revision means new rows.</summary>
    protected override Task OnPromptChangedAsync(Prompt prompt) => Model.LoadAsync(prompt.Key);
}
