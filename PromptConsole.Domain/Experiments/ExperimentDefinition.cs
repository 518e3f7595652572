using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Domain.Experiments;

/// <summary>
/// What an experiment is, checked (see <see cref="ExperimentValidator"/>): an A/B/n test of versions of
/// one prompt. <paramref name="Coverage"/> is the share of eligible traffic enrolled, in (0, 1];
/// <paramref name="SubjectAttribute"/> names the request attribute assignment hashes (<c>subject</c> by default).
/// </summary>
public sealed record ExperimentDefinition(
    string Key,
    string PromptKey,
    string Hypothesis,
    IReadOnlyList<ExperimentArm> Arms,
    double Coverage,
    IReadOnlyList<TargetingCondition> Targeting,
    string SubjectAttribute,
    ExperimentMetric PrimaryMetric,
    IReadOnlyList<ExperimentMetric> Guardrails,
    int MinSamplesPerArm,
    DateTimeOffset? EndsAt)
{
    public ExperimentArm Control => Arms[0];

    public ExperimentAllocation Allocation => new(Arms, Coverage);

    /// <summary>GrowthBook's default: the experiment key seeds assignment.</summary>
    public string Seed => Key;
}
