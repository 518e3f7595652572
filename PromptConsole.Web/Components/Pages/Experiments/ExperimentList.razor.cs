using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Experiments;

public partial class ExperimentList
{
    /// <summary>Only this prompt's experiments (the prompt page links here with it).</summary>
    [SupplyParameterFromQuery(Name = "prompt")]
    public string? Prompt { get; set; }

    [Inject]
    private ExperimentListViewModel Model { get; set; } = default!;

    /// <summary>Viewers get no "New experiment" button (the wizard refuses to launch for them too).</summary>
    [Inject]
    private IConsoleUser User { get; set; } = default!;

    protected override Task OnParametersSetAsync() => Model.LoadAsync(Prompt);

    internal static string ExperimentHref(string key) => $"experiments/{Uri.EscapeDataString(key)}";

    internal static string PromptHref(string key) => $"prompts/{Uri.EscapeDataString(key)}";
}
