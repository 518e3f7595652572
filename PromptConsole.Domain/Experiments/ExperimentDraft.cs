using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Domain.Experiments;

/// <summary>
/// An experiment as the API body sends it, unchecked; names mirror the body's fields. Omitted optional
/// fields take defaults: coverage 1, subject attribute <c>subject</c>, no targeting, no guardrails,
/// <see cref="ExperimentValidator.DefaultMinSamplesPerArm"/>, no end date.
/// </summary>
public sealed record ExperimentDraft(
    string? Key,
    string? Prompt,
    string? Hypothesis,
    IReadOnlyList<ArmDraft?>? Arms,
    double? Coverage = null,
    IReadOnlyList<TargetingConditionDraft?>? Targeting = null,
    string? SubjectAttribute = null,
    string? PrimaryMetric = null,
    IReadOnlyList<string?>? Guardrails = null,
    int? MinSamplesPerArm = null,
    DateTimeOffset? EndsAt = null);

/// <summary>One arm as the body sends it. Omit every weight to split evenly, or give them all.</summary>
public sealed record ArmDraft(string? Name, int? Version, double? Weight = null);
