using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model.Caching;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class CacheTab
{
    [Inject]
    private PromptCacheViewModel Model { get; set; } = default!;

    protected override Task OnPromptChangedAsync(Prompt prompt) => Model.LoadAsync(prompt);

    private async Task SaveAsync()
    {
        if (await Model.SaveAsync())
            await Changed.InvokeAsync();
    }

    private Task PurgeAsync() => Model.PurgeAsync();
}
