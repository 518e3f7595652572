using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class DiffTab
{
    [Inject]
    private DiffViewModel Model { get; set; } = default!;

    protected override Task OnPromptChangedAsync(Prompt prompt)
    {
        Model.Load(prompt);
        return Task.CompletedTask;
    }

    private void PickFrom(int? number)
    {
        Model.FromVersion = number;
        Model.Pick();
    }

    private void PickTo(int? number)
    {
        Model.ToVersion = number;
        Model.Pick();
    }

    private static string VersionText(int? number) => number is { } n ? $"v{n}" : string.Empty;
}
