using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

public partial class GoldenSetTab
{
    [Inject]
    private GoldenSetViewModel Model { get; set; } = default!;

    protected override Task OnPromptChangedAsync(Prompt prompt) => Model.LoadAsync(prompt);

    private Task RunAsync() => Model.RunAsync();

    private Task SaveCaseAsync() => Model.SaveCaseAsync();

    private Task SetRequireAsync(bool require) => Model.SetRequireGoldenPassAsync(require);
}
