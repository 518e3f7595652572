using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Rollouts;

/// <summary>What an operator sent to start a canary; nulls take the defaults of <see cref="CanaryDefinition"/>.</summary>
public sealed record CanaryDraft(
    int? CandidateVersion,
    string? Label,
    IReadOnlyList<int>? Steps,
    double? StepMinutes,
    int? MinExecutionsPerStep,
    IReadOnlyList<CanaryGate>? Gates);

/// <summary>A valid canary and the version it is measured against (where its label points now).</summary>
public sealed record CanaryPlan(CanaryDefinition Definition, int BaselineVersion);

/// <summary>
/// Checks a canary draft against the prompt it releases: versions and labels as they are now, and the labels
/// that already have a live canary. Every problem is reported under the body field that causes it.
/// </summary>
public static class CanaryValidator
{
    public const int MaxSteps = 20;

    public static readonly TimeSpan MaxStepDuration = TimeSpan.FromDays(7);

    public const int MaxMinExecutionsPerStep = 10_000_000;

    public const int MaxLimit = 1_000;

    /// <param name="versions">The prompt's version numbers.</param>
    /// <param name="labels">The prompt's labels that point at a version.</param>
    /// <param name="liveCanaryLabel">
    /// The label of the prompt's running or paused canary, if any. A prompt has one live canary at a time: routing
    /// gives the canary slot to one release, and two releases measured at once would share each other's baseline.
    /// </param>
    public static Result<CanaryPlan> Validate(
        CanaryDraft draft, IReadOnlySet<int> versions, IReadOnlyDictionary<string, int> labels, string? liveCanaryLabel)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();

        var label = string.IsNullOrWhiteSpace(draft.Label) ? LabelName.Production : draft.Label.Trim();
        int? baseline = null;
        if (!labels.TryGetValue(label, out var pointedAt))
            errors.Add(new FieldError("label", $"The prompt has no label '{label}' pointing at a version: deploy a version to it first."));
        else
            baseline = pointedAt;

        if (draft.CandidateVersion is not { } candidate)
            errors.Add(new FieldError("candidateVersion", "Name the version to release."));
        else if (!versions.Contains(candidate))
            errors.Add(new FieldError("candidateVersion", $"The prompt has no version {candidate}."));
        else if (baseline == candidate)
            errors.Add(new FieldError("candidateVersion", $"Label '{label}' already points at v{candidate}: there is nothing to release."));

        var steps = draft.Steps ?? CanaryDefinition.DefaultSteps;
        ValidateSteps(steps, errors);

        var stepDuration = CanaryDefinition.DefaultStepDuration;
        if (draft.StepMinutes is { } minutes)
        {
            if (!double.IsFinite(minutes) || minutes <= 0 || TimeSpan.FromMinutes(minutes) > MaxStepDuration)
                errors.Add(new FieldError("stepMinutes", Invariant($"A step lasts more than 0 and at most {MaxStepDuration.TotalMinutes:0} minutes.")));
            else
                stepDuration = TimeSpan.FromMinutes(minutes);
        }

        var minExecutions = draft.MinExecutionsPerStep ?? CanaryDefinition.DefaultMinExecutionsPerStep;
        if (minExecutions < 1 || minExecutions > MaxMinExecutionsPerStep)
            errors.Add(new FieldError("minExecutionsPerStep", Invariant($"Between 1 and {MaxMinExecutionsPerStep} candidate executions per step.")));

        var gates = draft.Gates ?? CanaryGateDefaults.Gates;
        ValidateGates(gates, errors);

        if (errors.Count > 0)
            return Error.Validation("invalid-canary", "The canary is not valid.", errors);

        if (liveCanaryLabel is not null)
        {
            return new Error(ErrorKind.Conflict, "canary-running", $"A canary already runs on label '{liveCanaryLabel}' of this prompt: promote or abort it first.",
                [new FieldError("label", $"A canary already runs on '{liveCanaryLabel}'.")]);
        }

        return new CanaryPlan(new CanaryDefinition(label, draft.CandidateVersion!.Value, steps.ToArray(), stepDuration, minExecutions, gates.ToArray()), baseline!.Value);
    }

    private static void ValidateSteps(IReadOnlyList<int> steps, List<FieldError> errors)
    {
        if (steps.Count == 0)
        {
            errors.Add(new FieldError("steps", "At least one step, e.g. [5, 25, 50, 100]."));
            return;
        }

        if (steps.Count > MaxSteps)
            errors.Add(new FieldError("steps", Invariant($"At most {MaxSteps} steps.")));

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is < 1 or > 100)
                errors.Add(new FieldError($"steps[{i}]", Invariant($"A step is a share of traffic from 1 to 100 %, not {steps[i]}.")));
            else if (i > 0 && steps[i] <= steps[i - 1])
                errors.Add(new FieldError($"steps[{i}]", Invariant($"Steps increase: {steps[i]} % does not follow {steps[i - 1]} %.")));
        }

        // Gates compare the candidate with the baseline's traffic of the same window; a first step at 100 %
        // leaves no baseline to compare with. Moving everything at once is a deploy.
        if (steps[0] == 100)
            errors.Add(new FieldError("steps[0]", "The first step sends part of the traffic (below 100 %); to move all of it at once, deploy."));
    }

    private static void ValidateGates(IReadOnlyList<CanaryGate> gates, List<FieldError> errors)
    {
        var seen = new HashSet<GateMetric>();
        for (var i = 0; i < gates.Count; i++)
        {
            var gate = gates[i];
            if (gate is null)
            {
                errors.Add(new FieldError($"gates[{i}]", "A gate is an object with a metric and conditions."));
                continue;
            }

            if (!Enum.IsDefined(gate.Metric))
                errors.Add(new FieldError($"gates[{i}].metric", $"Unknown metric: use one of {string.Join(", ", GateMetrics.Names)}."));
            else if (!seen.Add(gate.Metric))
                errors.Add(new FieldError($"gates[{i}].metric", $"Metric '{GateMetrics.NameOf(gate.Metric)}' has a gate already."));

            if (gate.SuccessCondition is null && gate.FailureCondition is null)
                errors.Add(new FieldError($"gates[{i}].successCondition", "A gate needs a success condition, a failure condition or both."));
            CheckCondition(gate.SuccessCondition, $"gates[{i}].successCondition", errors);
            CheckCondition(gate.FailureCondition, $"gates[{i}].failureCondition", errors);
            CheckLimit(gate.FailureLimit, $"gates[{i}].failureLimit", errors);
            CheckLimit(gate.InconclusiveLimit, $"gates[{i}].inconclusiveLimit", errors);
            CheckLimit(gate.ConsecutiveErrorLimit, $"gates[{i}].consecutiveErrorLimit", errors);
        }
    }

    private static void CheckCondition(GateCondition? condition, string field, List<FieldError> errors)
    {
        if (condition is null)
            return;
        if (!Enum.IsDefined(condition.Comparison))
            errors.Add(new FieldError(field, "Unknown operator: use <, <=, > or >=."));
        if (!double.IsFinite(condition.Threshold))
            errors.Add(new FieldError(field, "The threshold is a finite number."));
    }

    private static void CheckLimit(int limit, string field, List<FieldError> errors)
    {
        if (limit < 0 || limit > MaxLimit)
            errors.Add(new FieldError(field, Invariant($"A limit is from 0 to {MaxLimit}.")));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
