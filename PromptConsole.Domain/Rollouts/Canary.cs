using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// A canary release and its guarded transitions: Running → Paused ⇄ Running → Promoted | Aborted.
/// Advancing is for a running canary that has steps left; promoting and aborting end a live one; nothing
/// leaves Promoted or Aborted. <see cref="StepStartedAt"/> opens the analysis window of the current step;
/// <see cref="PreviousStepStartedAt"/> the previous one (a step at 100 % has no baseline traffic of its own,
/// so its gates compare with the baseline of the step before).
/// </summary>
public sealed class Canary
{
    private Canary(string key, string promptKey, int baselineVersion, CanaryDefinition definition, DateTimeOffset startedAt)
    {
        Key = key;
        PromptKey = promptKey;
        BaselineVersion = baselineVersion;
        Definition = definition;
        StartedAt = startedAt;
        StepStartedAt = startedAt;
    }

    public string Key { get; }

    public string PromptKey { get; }

    public int BaselineVersion { get; }

    public CanaryDefinition Definition { get; }

    public CanaryStatus Status { get; private set; }

    public int StepIndex { get; private set; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset StepStartedAt { get; private set; }

    public DateTimeOffset? PreviousStepStartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Why it paused or ended; null while it runs normally.</summary>
    public string? StatusReason { get; private set; }

    public bool IsLive => Status is CanaryStatus.Running or CanaryStatus.Paused;

    public bool IsLastStep => StepIndex >= Definition.Steps.Count - 1;

    /// <summary>The candidate's share now: the step's while live, all of it once promoted, none once aborted.</summary>
    public int Percent => Status switch
    {
        CanaryStatus.Promoted => 100,
        CanaryStatus.Aborted or CanaryStatus.RolledBack => 0,
        _ => Definition.Steps[StepIndex],
    };

    public static Canary Start(string key, string promptKey, int baselineVersion, CanaryDefinition definition, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Steps.Count == 0)
            throw new ArgumentException("A canary has at least one step.", nameof(definition));
        return new Canary(key, promptKey, baselineVersion, definition, now);
    }

    /// <summary>A stored canary as it was saved (no transition rules apply: they were applied when it was saved).</summary>
    public static Canary Restore(
        string key, string promptKey, int baselineVersion, CanaryDefinition definition, CanaryStatus status, int stepIndex,
        DateTimeOffset startedAt, DateTimeOffset stepStartedAt, DateTimeOffset? previousStepStartedAt, DateTimeOffset? endedAt, string? statusReason) =>
        new(key, promptKey, baselineVersion, definition, startedAt)
        {
            Status = status,
            StepIndex = Math.Clamp(stepIndex, 0, definition.Steps.Count - 1),
            StepStartedAt = stepStartedAt,
            PreviousStepStartedAt = previousStepStartedAt,
            EndedAt = endedAt,
            StatusReason = statusReason,
        };

    public Error? Advance(DateTimeOffset now)
    {
        if (Status != CanaryStatus.Running)
            return Refused("advance", "only a running canary advances");
        if (IsLastStep)
            return Refused("advance", "it is at its last step: promote it");
        PreviousStepStartedAt = StepStartedAt;
        StepStartedAt = now;
        StepIndex++;
        StatusReason = null;
        return null;
    }

    public Error? Pause(string reason)
    {
        if (Status != CanaryStatus.Running)
            return Refused("pause", "only a running canary pauses");
        Status = CanaryStatus.Paused;
        StatusReason = reason;
        return null;
    }

    /// <summary>Resuming restarts the step's clock: the paused time was not watched as a healthy step.</summary>
    public Error? Resume(DateTimeOffset now)
    {
        if (Status != CanaryStatus.Paused)
            return Refused("resume", "only a paused canary resumes");
        Status = CanaryStatus.Running;
        StatusReason = null;
        StepStartedAt = now;
        return null;
    }

    public Error? Promote(DateTimeOffset now, string reason)
    {
        if (!IsLive)
            return Refused("promote", "it has ended");
        Status = CanaryStatus.Promoted;
        EndedAt = now;
        StatusReason = reason;
        return null;
    }

    public Error? Abort(DateTimeOffset now, string reason) => End(CanaryStatus.Aborted, "abort", now, reason);

    /// <summary>The analysis failed it: like an abort, but done by automation (an automatic rollback).</summary>
    public Error? RollBack(DateTimeOffset now, string reason) => End(CanaryStatus.RolledBack, "roll back", now, reason);

    private Error? End(CanaryStatus status, string action, DateTimeOffset now, string reason)
    {
        if (!IsLive)
            return Refused(action, "it has ended");
        Status = status;
        EndedAt = now;
        StatusReason = reason;
        return null;
    }

    /// <summary>"canary v3 on production".</summary>
    public string Title => string.Create(CultureInfo.InvariantCulture, $"canary v{Definition.CandidateVersion} on {Definition.Label}");

    private Error Refused(string action, string why) =>
        Error.Conflict("canary-transition", $"Canary '{Key}' is {Status.ToString().ToLowerInvariant()}: cannot {action}, {why}.");
}
