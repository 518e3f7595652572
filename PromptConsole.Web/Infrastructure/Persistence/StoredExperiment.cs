using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// An experiment as one row of the <c>Experiments</c> table. The domain's <see cref="Experiment"/> is an
/// immutable record changed by <see cref="ExperimentLifecycle"/>; this row takes each new state through
/// <see cref="Apply"/>, bumping <see cref="Revision"/> (the concurrency token) so a stale writer's UPDATE
/// matches nothing. Arms (in arm order: the first is the control), targeting and guardrails are JSON text
/// columns: they are always read and written with the experiment, never queried on their own.
/// </summary>
public sealed class StoredExperiment
{
    private StoredExperiment()
    {
        Key = PromptKey = Hypothesis = ArmsJson = TargetingJson = SubjectAttribute = PrimaryMetric = GuardrailsJson = Status = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Key { get; private set; }

    public string PromptKey { get; private set; }

    public string Hypothesis { get; private set; }

    public string ArmsJson { get; private set; }

    public double Coverage { get; private set; }

    public string TargetingJson { get; private set; }

    public string SubjectAttribute { get; private set; }

    /// <summary>The API name, e.g. <c>successRate</c>.</summary>
    public string PrimaryMetric { get; private set; }

    public string GuardrailsJson { get; private set; }

    public int MinSamplesPerArm { get; private set; }

    public DateTimeOffset? EndsAt { get; private set; }

    /// <summary>draft, running, paused or stopped.</summary>
    public string Status { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? StoppedAt { get; private set; }

    /// <summary><c>ship</c> or <c>noWinner</c> once stopped.</summary>
    public string? DecisionVerdict { get; private set; }

    public string? DecisionArm { get; private set; }

    public string? DecisionReason { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Revision { get; private set; }

    public static StoredExperiment New(Experiment experiment, string actor, DateTimeOffset now)
    {
        var row = new StoredExperiment
        {
            Id = Guid.CreateVersion7(now),
            Key = experiment.Key,
            CreatedBy = actor,
            CreatedAt = now,
        };
        row.Apply(experiment, null, now);
        row.Revision = 1;
        return row;
    }

    /// <summary>Takes the experiment's new state; <paramref name="decisionReason"/> is kept only with a decision.</summary>
    public void Apply(Experiment experiment, string? decisionReason, DateTimeOffset now)
    {
        var definition = experiment.Definition;
        PromptKey = definition.PromptKey;
        Hypothesis = definition.Hypothesis;
        ArmsJson = JsonColumnSerializer.Serialize(definition.Arms.Select(a => new StoredArm(a.Name, a.Version, a.Weight)).ToArray());
        Coverage = definition.Coverage;
        TargetingJson = JsonColumnSerializer.Serialize(definition.Targeting.ToArray());
        SubjectAttribute = definition.SubjectAttribute;
        PrimaryMetric = ExperimentMetrics.NameOf(definition.PrimaryMetric);
        GuardrailsJson = JsonColumnSerializer.Serialize(definition.Guardrails.Select(ExperimentMetrics.NameOf).ToArray());
        MinSamplesPerArm = definition.MinSamplesPerArm;
        EndsAt = definition.EndsAt;
        Status = StatusName(experiment.Status);
        StartedAt = experiment.StartedAt;
        StoppedAt = experiment.StoppedAt;
        DecisionVerdict = experiment.Decision is { } decision ? ExperimentVerdicts.NameOf(decision.Verdict) : null;
        DecisionArm = experiment.Decision?.Arm;
        DecisionReason = experiment.Decision is null ? null : decisionReason ?? DecisionReason;
        UpdatedAt = now;
        Revision++;
    }

    public Experiment ToExperiment()
    {
        var arms = JsonColumnSerializer.Deserialize<StoredArm[]>(ArmsJson).Select(a => new ExperimentArm(a.Name, a.Version, a.Weight)).ToArray();
        var targeting = JsonColumnSerializer.Deserialize<TargetingCondition[]>(TargetingJson);
        var guardrails = JsonColumnSerializer.Deserialize<string[]>(GuardrailsJson).Select(ParseMetric).ToArray();
        var definition = new ExperimentDefinition(
            Key, PromptKey, Hypothesis, arms, Coverage, targeting, SubjectAttribute, ParseMetric(PrimaryMetric), guardrails, MinSamplesPerArm, EndsAt);
        ExperimentDecision? decision = null;
        if (DecisionVerdict is not null && ExperimentVerdicts.TryParse(DecisionVerdict, out var verdict))
            decision = new ExperimentDecision(verdict, DecisionArm);
        return new Experiment(definition, ParseStatus(Status), StartedAt, StoppedAt, decision);
    }

    public static string StatusName(ExperimentStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The status names the live experiments are found by.</summary>
    public static readonly string[] LiveStatusNames = [StatusName(ExperimentStatus.Running), StatusName(ExperimentStatus.Paused)];

    private static ExperimentStatus ParseStatus(string name) =>
        Enum.TryParse<ExperimentStatus>(name, ignoreCase: true, out var status)
            ? status
            : throw new InvalidOperationException($"Stored experiment status '{name}' is unknown.");

    private static ExperimentMetric ParseMetric(string name) =>
        ExperimentMetrics.TryParse(name, out var metric)
            ? metric
            : throw new InvalidOperationException($"Stored experiment metric '{name}' is unknown.");

    private sealed record StoredArm(string Name, int Version, double Weight);
}
