using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Web.Model.Experiments;

namespace PromptConsole.Web.Components.Pages.Experiments;

public partial class ExperimentWizard
{
    [Inject]
    private ExperimentWizardViewModel Model { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Preselects a prompt, e.g. when the wizard is opened from a prompt's page.</summary>
    [SupplyParameterFromQuery(Name = "prompt")]
    public string? Prompt { get; set; }

    private IEnumerable<string> GuardrailMessages =>
        Model.Errors?.Fields.Where(f => f.Field.StartsWith("guardrails", StringComparison.Ordinal)).Select(f => f.Text) ?? [];

    protected override Task OnInitializedAsync() => Model.LoadAsync(Prompt);

    private static string ValueLabel(ConditionRow condition) => condition.TakesList ? "Values (comma separated)" : "Value";

    private Task SelectPromptAsync(string? key) => Model.SelectPromptAsync(key);

    private void SetVersion(ArmRow arm, int? version)
    {
        arm.Version = version;
        Model.RefreshDiff();
    }

    private Task NextAsync() => Model.NextAsync();

    /// <summary>Clicks on the step headers go through the same checks as "Next"; the stepper itself never moves.</summary>
    private async Task OnStepperInteractionAsync(StepperInteractionEventArgs args)
    {
        args.Cancel = true;
        await Model.GoToAsync((WizardStep)args.StepIndex);
        StateHasChanged();
    }

    private async Task LaunchAsync(bool startNow)
    {
        var key = await Model.LaunchAsync(startNow);
        if (key is not null)
            Navigation.NavigateTo($"experiments/{Uri.EscapeDataString(key)}");
    }
}
