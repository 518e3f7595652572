using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// A canary as one row of the <c>Canaries</c> table. The domain's <see cref="Canary"/> decides transitions;
/// this row takes each new state through <see cref="Apply"/>, bumping <see cref="Revision"/> (the concurrency
/// token) so that the controller and an operator acting at the same moment cannot both win. Steps, gates,
/// the gate counters and the decisions (with their measurements) are JSON text columns: they are read and
/// written with the canary, never queried on their own.
/// </summary>
public sealed class StoredCanary
{
    private StoredCanary()
    {
        Key = PromptKey = Label = Status = StepsJson = GatesJson = CountersJson = DecisionsJson = StartedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Key { get; private set; }

    public string PromptKey { get; private set; }

    public string Label { get; private set; }

    public int BaselineVersion { get; private set; }

    public int CandidateVersion { get; private set; }

    /// <summary>running, paused, promoted or aborted.</summary>
    public string Status { get; private set; }

    public string StepsJson { get; private set; }

    public int StepIndex { get; private set; }

    public double StepSeconds { get; private set; }

    public int MinExecutionsPerStep { get; private set; }

    public string GatesJson { get; private set; }

    /// <summary>Per gate, in gate order: Argo's failed / inconclusive / consecutive-error counts since the start or the last resume.</summary>
    public string CountersJson { get; private set; }

    public string DecisionsJson { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public string StartedBy { get; private set; }

    public DateTimeOffset StepStartedAt { get; private set; }

    public DateTimeOffset? PreviousStepStartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public string? StatusReason { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Revision { get; private set; }

    public static StoredCanary New(Canary canary, string actor, DateTimeOffset now)
    {
        var row = new StoredCanary
        {
            Id = Guid.CreateVersion7(now),
            Key = canary.Key,
            StartedBy = actor,
            CountersJson = JsonColumnSerializer.Serialize(canary.Definition.Gates.Select(_ => GateCounters.Zero).ToArray()),
            DecisionsJson = "[]",
        };
        row.Apply(canary, now);
        row.Revision = 1;
        return row;
    }

    public void Apply(Canary canary, DateTimeOffset now)
    {
        var definition = canary.Definition;
        PromptKey = canary.PromptKey;
        Label = definition.Label;
        BaselineVersion = canary.BaselineVersion;
        CandidateVersion = definition.CandidateVersion;
        Status = StatusName(canary.Status);
        StepsJson = JsonColumnSerializer.Serialize(definition.Steps.ToArray());
        StepIndex = canary.StepIndex;
        StepSeconds = definition.StepDuration.TotalSeconds;
        MinExecutionsPerStep = definition.MinExecutionsPerStep;
        GatesJson = JsonColumnSerializer.Serialize(definition.Gates.ToArray());
        StartedAt = canary.StartedAt;
        StepStartedAt = canary.StepStartedAt;
        PreviousStepStartedAt = canary.PreviousStepStartedAt;
        EndedAt = canary.EndedAt;
        StatusReason = canary.StatusReason;
        UpdatedAt = now;
        Revision++;
    }

    public Canary ToCanary()
    {
        var definition = new CanaryDefinition(
            Label,
            CandidateVersion,
            JsonColumnSerializer.Deserialize<int[]>(StepsJson),
            TimeSpan.FromSeconds(StepSeconds),
            MinExecutionsPerStep,
            JsonColumnSerializer.Deserialize<CanaryGate[]>(GatesJson));
        return Canary.Restore(Key, PromptKey, BaselineVersion, definition, ParseStatus(Status), StepIndex, StartedAt, StepStartedAt, PreviousStepStartedAt, EndedAt, StatusReason);
    }

    public IReadOnlyList<GateCounters> Counters => JsonColumnSerializer.Deserialize<GateCounters[]>(CountersJson);

    public void SetCounters(IReadOnlyList<GateCounters> counters) => CountersJson = JsonColumnSerializer.Serialize(counters.ToArray());

    public IReadOnlyList<StoredCanaryDecision> Decisions => JsonColumnSerializer.Deserialize<StoredCanaryDecision[]>(DecisionsJson);

    /// <summary>
    /// Appends a decision. A wait whose gates' phases are those of the wait before it in the same step replaces
    /// that wait (the page shows the latest figures, not one row per 30 s tick); everything else is kept, up
    /// to <see cref="MaxDecisions"/>, beyond which the oldest waits go first.
    /// </summary>
    public void AddDecision(StoredCanaryDecision decision)
    {
        var decisions = Decisions.ToList();
        if (decision.Action == CanaryDecisionActions.Wait && decisions.Count > 0 && decisions[^1] is { Action: CanaryDecisionActions.Wait } previous
            && previous.StepIndex == decision.StepIndex
            && previous.Measurements.Select(m => m.Phase).SequenceEqual(decision.Measurements.Select(m => m.Phase)))
        {
            decisions[^1] = decision;
        }
        else
        {
            decisions.Add(decision);
        }

        while (decisions.Count > MaxDecisions)
        {
            var oldestWait = decisions.FindIndex(d => d.Action == CanaryDecisionActions.Wait);
            decisions.RemoveAt(oldestWait >= 0 ? oldestWait : 0);
        }

        DecisionsJson = JsonColumnSerializer.Serialize(decisions.ToArray());
    }

    public const int MaxDecisions = 500;

    public static string StatusName(CanaryStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The status names the live canaries are found by.</summary>
    public static readonly string[] LiveStatusNames = [StatusName(CanaryStatus.Running), StatusName(CanaryStatus.Paused)];

    private static CanaryStatus ParseStatus(string name) =>
        Enum.TryParse<CanaryStatus>(name, ignoreCase: true, out var status)
            ? status
            : throw new InvalidOperationException($"Stored canary status '{name}' is unknown.");
}

/// <summary>The action names of stored decisions (as <see cref="Services.Rollouts.CanaryDecisionView"/> spells them).</summary>
public static class CanaryDecisionActions
{
    public const string Start = "start";
    public const string Wait = "wait";
    public const string Advance = "advance";
    public const string Promote = "promote";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Abort = "abort";
}

public sealed record StoredGateMeasurement(string Metric, string Phase, double? Candidate, double? Baseline, double? Value, double? PValue, string Reason);

public sealed record StoredCanaryDecision(
    DateTimeOffset At,
    int StepIndex,
    int Percent,
    string Action,
    string Reason,
    string Actor,
    long CandidateExecutions,
    long BaselineExecutions,
    IReadOnlyList<StoredGateMeasurement> Measurements);

internal sealed class StoredCanaryConfiguration : IEntityTypeConfiguration<StoredCanary>
{
    public void Configure(EntityTypeBuilder<StoredCanary> canary)
    {
        canary.ToTable("Canaries");
        canary.HasKey(c => c.Id);
        canary.Property(c => c.Id).ValueGeneratedNever();
        canary.Property(c => c.Key).HasMaxLength(PromptKey.MaxLength).IsRequired();
        canary.HasIndex(c => c.Key).IsUnique();
        canary.Property(c => c.PromptKey).HasMaxLength(PromptKey.MaxLength).IsRequired();
        canary.Property(c => c.Label).HasMaxLength(LabelName.MaxLength).IsRequired();
        canary.Property(c => c.Status).HasMaxLength(16).IsRequired();
        canary.Property(c => c.StepsJson).IsRequired();
        canary.Property(c => c.GatesJson).IsRequired();
        canary.Property(c => c.CountersJson).IsRequired();
        canary.Property(c => c.DecisionsJson).IsRequired();
        canary.Property(c => c.StartedBy).HasMaxLength(200).IsRequired();
        canary.Property(c => c.Revision).IsConcurrencyToken();
        canary.Ignore(c => c.Counters);
        canary.Ignore(c => c.Decisions);

        // The snapshot store loads a prompt's live canary; the controller loads every running one.
        canary.HasIndex(c => new { c.PromptKey, c.Status });
        canary.HasIndex(c => c.Status);
    }
}
