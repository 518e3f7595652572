using PromptConsole.Domain.Audit;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>Which audit actions belong on a prompt's incident timeline, and under which kind.</summary>
public static class IncidentKinds
{
    public const string Deploy = "deploy";
    public const string Rollback = "rollback";
    public const string AutomaticRollback = "automatic-rollback";
    public const string StoodDown = "stood-down";
    public const string Recovery = "recovery";
    public const string Canary = "canary";
    public const string GoldenRun = "golden-run";
    public const string GoldenOverride = "golden-override";
    public const string Experiment = "experiment";
    public const string KillSwitch = "kill-switch";
    public const string Alert = "alert";

    private static readonly Dictionary<string, string> ByAction = new(StringComparer.Ordinal)
    {
        [AuditActions.LabelDeployed] = Deploy,
        [AuditActions.LabelRolledBack] = Rollback,
        [AuditActions.RollbackAutomatic] = AutomaticRollback,
        [AuditActions.RollbackStoodDown] = StoodDown,
        [AuditActions.RollbackRecoveryChecked] = Recovery,
        [AuditActions.CanaryStarted] = Canary,
        [AuditActions.CanaryStepAdvanced] = Canary,
        [AuditActions.CanaryPaused] = Canary,
        [AuditActions.CanaryResumed] = Canary,
        [AuditActions.CanaryPromoted] = Canary,
        [AuditActions.CanaryAborted] = Canary,
        [AuditActions.GoldenRunCompleted] = GoldenRun,
        [AuditActions.GoldenGateOverridden] = GoldenOverride,
        [AuditActions.ExperimentStarted] = Experiment,
        [AuditActions.ExperimentStopped] = Experiment,
        [AuditActions.AlertFired] = Alert,
        [AuditActions.AlertAcknowledged] = Alert,
        [AuditActions.AlertEscalated] = Alert,
        [AuditActions.AlertResolved] = Alert,

        // Flag events carry a prompt key only for kill switches (the prompt they guard), so within a prompt's events
        // these are its kill switches being engaged and released.
        [AuditActions.FlagEnabled] = KillSwitch,
        [AuditActions.FlagDisabled] = KillSwitch,
    };

    /// <summary>The audit actions the timeline reads.</summary>
    public static IReadOnlyCollection<string> Actions { get; } = ByAction.Keys.ToArray();

    /// <summary>The kind of an audit action, or null when it is not an incident event (e.g. an edited description).</summary>
    public static string? Of(string action) => ByAction.GetValueOrDefault(action);
}
