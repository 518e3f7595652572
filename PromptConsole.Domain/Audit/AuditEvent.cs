namespace PromptConsole.Domain.Audit;

/// <summary>Who did what, when and why. Written for every change; never updated.</summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
        Actor = Action = Target = Summary = string.Empty;
    }

    public AuditEvent(DateTimeOffset at, string actor, string action, string? promptKey, string target, string summary, string? reason)
    {
        Id = Guid.CreateVersion7(at);
        At = at;
        Actor = actor;
        Action = action;
        PromptKey = promptKey;
        Target = target;
        Summary = summary;
        Reason = reason;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; }

    /// <summary>A stable verb such as <c>label.deployed</c>; see <see cref="AuditActions"/>.</summary>
    public string Action { get; private set; }

    public string? PromptKey { get; private set; }

    /// <summary>What was changed, e.g. <c>version:3</c> or <c>label:production</c>.</summary>
    public string Target { get; private set; }

    /// <summary>A human sentence of what changed, e.g. <c>production: v2 → v3</c>.</summary>
    public string Summary { get; private set; }

    public string? Reason { get; private set; }
}

public static class AuditActions
{
    public const string PromptCreated = "prompt.created";
    public const string PromptUpdated = "prompt.updated";
    public const string CacheConfigured = "cache.configured";
    public const string CachePurged = "cache.purged";
    public const string SemanticCacheAnswerMarkedWrong = "cache.semantic-answer-marked-wrong";
    public const string ConversationSemanticCacheConfigured = "cache.conversation-semantic-configured";
    public const string VersionCreated = "version.created";
    public const string VersionDeprecated = "version.deprecated";
    public const string LabelDeployed = "label.deployed";
    public const string LabelRolledBack = "label.rolled-back";
    public const string FlagCreated = "flag.created";
    public const string FlagUpdated = "flag.updated";
    public const string FlagDeleted = "flag.deleted";
    public const string FlagEnabled = "flag.enabled";
    public const string FlagDisabled = "flag.disabled";
    public const string ExperimentCreated = "experiment.created";
    public const string ExperimentUpdated = "experiment.updated";
    public const string ExperimentStarted = "experiment.started";
    public const string ExperimentPaused = "experiment.paused";
    public const string ExperimentResumed = "experiment.resumed";
    public const string ExperimentStopped = "experiment.stopped";
    public const string ExperimentReallocated = "experiment.reallocated";
    public const string CanaryStarted = "canary.started";
    public const string CanaryStepAdvanced = "canary.step-advanced";
    public const string CanaryPaused = "canary.paused";
    public const string CanaryResumed = "canary.resumed";
    public const string CanaryPromoted = "canary.promoted";
    public const string CanaryAborted = "canary.aborted";
    public const string GoldenCaseCreated = "golden.case-created";
    public const string GoldenCaseUpdated = "golden.case-updated";
    public const string GoldenCaseDeleted = "golden.case-deleted";
    public const string GoldenRunCompleted = "golden.run-completed";
    public const string GoldenGateOverridden = "golden.gate-overridden";
    public const string GoldenPolicyUpdated = "golden.policy-updated";
    public const string RollbackAutomatic = "rollback.automatic";
    public const string RollbackStoodDown = "rollback.stood-down";
    public const string RollbackRecoveryChecked = "rollback.recovery-checked";
    public const string ApiKeyCreated = "api-key.created";
    public const string ApiKeyRevoked = "api-key.revoked";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role-changed";
    public const string UserLocked = "user.locked";
    public const string UserUnlocked = "user.unlocked";
    public const string UserPasswordReset = "user.password-reset";
    public const string SloCreated = "slo.created";
    public const string SloUpdated = "slo.updated";
    public const string SloDeleted = "slo.deleted";
    public const string AlertRuleCreated = "alert-rule.created";
    public const string AlertRuleUpdated = "alert-rule.updated";
    public const string AlertRuleDeleted = "alert-rule.deleted";
    public const string AlertFired = "alert.fired";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string AlertEscalated = "alert.escalated";
    public const string AlertResolved = "alert.resolved";
    public const string ChannelCreated = "channel.created";
    public const string ChannelUpdated = "channel.updated";
    public const string ChannelDeleted = "channel.deleted";
    public const string DailyReportGenerated = "report.daily-generated";
}
