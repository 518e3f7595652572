using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Experiments;

/// <summary>Checks an experiment body; every error names the offending body field.</summary>
public static class ExperimentValidator
{
    public const int MinArms = 2;
    public const int MaxArms = 10;
    public const int MaxHypothesisLength = 2_000;
    public const int MaxMinSamplesPerArm = 10_000_000;

    /// <summary>Below about a hundred samples per arm the normal approximations behind the intervals are poor.</summary>
    public const int DefaultMinSamplesPerArm = 100;

    /// <param name="draft">The body.</param>
    /// <param name="existingVersions">The version numbers of the prompt the body names.</param>
    /// <param name="now">To refuse an end date already past.</param>
    public static Result<ExperimentDefinition> Validate(ExperimentDraft draft, IReadOnlySet<int> existingVersions, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        if (!ExperimentKey.IsValid(draft.Key))
            errors.Add(new FieldError("key", $"'{draft.Key}' is not a valid key: 1–{ExperimentKey.MaxLength} lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."));
        if (!PromptKey.IsValid(draft.Prompt))
            errors.Add(new FieldError("prompt", $"'{draft.Prompt}' is not a valid prompt key."));
        if (string.IsNullOrWhiteSpace(draft.Hypothesis))
            errors.Add(new FieldError("hypothesis", "A hypothesis is required: what should change, and why."));
        else if (draft.Hypothesis.Length > MaxHypothesisLength)
            errors.Add(new FieldError("hypothesis", $"The hypothesis is longer than {MaxHypothesisLength} characters."));

        var arms = CheckArms(draft.Arms, existingVersions, errors);
        var coverage = draft.Coverage ?? 1;
        CheckCoverage(coverage, errors);
        var targeting = TargetingRules.Parse(draft.Targeting, errors);

        var subjectAttribute = draft.SubjectAttribute ?? AttributeName.Subject;
        if (!AttributeName.IsValid(subjectAttribute))
            errors.Add(new FieldError("subjectAttribute", $"'{subjectAttribute}' is not a valid attribute name."));

        var primary = default(ExperimentMetric);
        if (draft.PrimaryMetric is null)
            errors.Add(new FieldError("primaryMetric", $"A primary metric is required: one of {string.Join(", ", ExperimentMetrics.AllNames)}."));
        else if (!ExperimentMetrics.TryParse(draft.PrimaryMetric, out primary))
            errors.Add(new FieldError("primaryMetric", $"'{draft.PrimaryMetric}' is not a metric: use one of {string.Join(", ", ExperimentMetrics.AllNames)}."));
        var guardrails = CheckGuardrails(draft.Guardrails, draft.PrimaryMetric is null ? null : primary, errors);

        var minSamples = draft.MinSamplesPerArm ?? DefaultMinSamplesPerArm;
        if (minSamples is < 1 or > MaxMinSamplesPerArm)
            errors.Add(new FieldError("minSamplesPerArm", $"The minimum sample per arm must be between 1 and {MaxMinSamplesPerArm:N0}."));
        if (draft.EndsAt is { } endsAt && endsAt <= now)
            errors.Add(new FieldError("endsAt", "The end date is already past."));

        if (errors.Count > 0)
            return Error.Validation("invalid-experiment", "The experiment is not valid.", errors);

        return new ExperimentDefinition(
            draft.Key!, draft.Prompt!, draft.Hypothesis!.Trim(), arms, coverage, targeting,
            subjectAttribute, primary, guardrails, minSamples, draft.EndsAt);
    }

    /// <summary>Coverage is in (0, 1]: a zero-coverage experiment would enrol nobody.</summary>
    internal static void CheckCoverage(double coverage, List<FieldError> errors)
    {
        if (!double.IsFinite(coverage) || coverage is <= 0 or > 1)
            errors.Add(new FieldError("coverage", "Coverage is the share of eligible traffic enrolled: more than 0, at most 1."));
    }

    /// <summary>Weights are relative, so any non-negative numbers do, as long as some arm gets traffic.</summary>
    internal static void CheckWeights(IReadOnlyList<double> weights, List<FieldError> errors)
    {
        var valid = true;
        for (var i = 0; i < weights.Count; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
            {
                errors.Add(new FieldError($"arms[{i}].weight", "A weight is a number of at least 0."));
                valid = false;
            }
        }

        if (valid && weights.Sum() <= 0)
            errors.Add(new FieldError("arms", "The weights sum to 0: at least one arm needs a positive weight."));
    }

    private static IReadOnlyList<ExperimentArm> CheckArms(IReadOnlyList<ArmDraft?>? drafts, IReadOnlySet<int> existingVersions, List<FieldError> errors)
    {
        if (drafts is null || drafts.Count is < MinArms or > MaxArms)
        {
            errors.Add(new FieldError("arms", $"An experiment has {MinArms}–{MaxArms} arms; the first is the control."));
            return [];
        }

        var arms = new List<ExperimentArm>(drafts.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var anyWeight = drafts.Any(a => a?.Weight is not null);
        var weights = new List<double>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var arm = drafts[i];
            if (arm is null)
            {
                errors.Add(new FieldError($"arms[{i}]", "An arm is null."));
                continue;
            }

            if (!ArmName.IsValid(arm.Name))
                errors.Add(new FieldError($"arms[{i}].name", $"'{arm.Name}' is not a valid arm name: 1–{ArmName.MaxLength} lower-case letters, digits, '.', '_' or '-'."));
            else if (!names.Add(arm.Name!))
                errors.Add(new FieldError($"arms[{i}].name", $"Arm name '{arm.Name}' is used twice."));

            if (arm.Version is not { } version)
                errors.Add(new FieldError($"arms[{i}].version", "A version is required."));
            else if (!existingVersions.Contains(version))
                errors.Add(new FieldError($"arms[{i}].version", $"The prompt has no version {version}."));

            if (anyWeight && arm.Weight is null)
                errors.Add(new FieldError($"arms[{i}].weight", "Give every arm a weight, or none for an even split."));
            weights.Add(arm.Weight ?? 1);
            arms.Add(new ExperimentArm(arm.Name ?? string.Empty, arm.Version ?? 0, arm.Weight ?? 1));
        }

        if (weights.Count == drafts.Count)
            CheckWeights(weights, errors);
        return arms;
    }

    private static IReadOnlyList<ExperimentMetric> CheckGuardrails(IReadOnlyList<string?>? names, ExperimentMetric? primary, List<FieldError> errors)
    {
        if (names is null)
            return [];

        var guardrails = new List<ExperimentMetric>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            if (!ExperimentMetrics.TryParse(names[i], out var metric))
                errors.Add(new FieldError($"guardrails[{i}]", $"'{names[i]}' is not a metric: use one of {string.Join(", ", ExperimentMetrics.AllNames)}."));
            else if (metric == primary)
                errors.Add(new FieldError($"guardrails[{i}]", $"'{names[i]}' is already the primary metric."));
            else if (guardrails.Contains(metric))
                errors.Add(new FieldError($"guardrails[{i}]", $"'{names[i]}' is listed twice."));
            else
                guardrails.Add(metric);
        }

        return guardrails;
    }
}
