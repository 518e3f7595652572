using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Model;
using PromptConsole.Web.Model.Calibration;

namespace PromptConsole.Web.Components.Pages.Prompts;

/// <summary>The prompt's calibration per evaluator: pairs, mean delta, status and its daily trend.</summary>
public partial class CalibrationTab
{
    [Inject]
    private CalibrationViewModel Model { get; set; } = default!;

    private MetricsRange TrendRange => new($"{Model.Days}d", $"{Model.Days} d", Model.Window, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    protected override Task OnPromptChangedAsync(Prompt prompt) => Model.LoadAsync(prompt.Key);

    private Task SelectDaysAsync(int days) => Model.LoadAsync(Model.PromptKey, days);

    private static Color StatusColor(string status) => status switch
    {
        "well-calibrated" => Color.Success,
        "minor-drift" => Color.Warning,
        "significant-drift" => Color.Error,
        _ => Color.Default,
    };
}
