using Microsoft.AspNetCore.Components;
using MudBlazor;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Components.Pages.Prompts;

/// <summary>
/// The prompt's incident timeline: deploys, rollbacks (manual and automatic, with their snapshots and recovery),
/// canary decisions, golden runs and kill switches, and whether automatic rollback may act now. Manual rollback stays
/// on the Labels tab.
/// </summary>
public partial class IncidentsTab
{
    [Inject]
    private IncidentsViewModel Model { get; set; } = default!;

    private string _key = string.Empty;

    /// <summary>Deploys and rollbacks bump the revision; stood-down decisions and canary steps do not, hence Refresh.</summary>
    protected override Task OnPromptChangedAsync(Prompt prompt)
    {
        _key = prompt.Key;
        return Model.LoadAsync(prompt.Key);
    }

    private Task RefreshAsync() => Model.LoadAsync(_key);

    private static string IconOf(string kind) => kind switch
    {
        IncidentKinds.Deploy => Icons.Material.Filled.RocketLaunch,
        IncidentKinds.Rollback => Icons.Material.Filled.Undo,
        IncidentKinds.AutomaticRollback => Icons.Material.Filled.SettingsBackupRestore,
        IncidentKinds.StoodDown => Icons.Material.Filled.PanTool,
        IncidentKinds.Recovery => Icons.Material.Filled.MonitorHeart,
        IncidentKinds.Canary => Icons.Material.Filled.Timeline,
        IncidentKinds.GoldenRun => Icons.Material.Filled.FactCheck,
        IncidentKinds.GoldenOverride => Icons.Material.Filled.GppMaybe,
        IncidentKinds.Experiment => Icons.Material.Filled.Science,
        IncidentKinds.KillSwitch => Icons.Material.Filled.PowerSettingsNew,
        _ => Icons.Material.Filled.Circle,
    };

    private static Color ColorOf(string kind) => kind switch
    {
        IncidentKinds.Deploy => Color.Primary,
        IncidentKinds.Rollback or IncidentKinds.AutomaticRollback => Color.Warning,
        IncidentKinds.StoodDown or IncidentKinds.KillSwitch or IncidentKinds.GoldenOverride => Color.Error,
        IncidentKinds.Recovery => Color.Success,
        _ => Color.Info,
    };

    private static Color RecoveryColor(string state) => state switch
    {
        RecoveryAssessment.Recovered => Color.Success,
        RecoveryAssessment.NotRecovered => Color.Error,
        RecoveryAssessment.Watching => Color.Info,
        _ => Color.Default,
    };
}
