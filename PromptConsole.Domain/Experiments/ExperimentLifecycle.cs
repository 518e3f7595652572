using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Experiments;

/// <summary>
/// Draft → Running ⇄ Paused → Stopped, as pure functions: each returns the changed experiment or the
/// reason it refuses. A move the current status does not allow is a Conflict; a bad argument is a
/// Validation error naming the body field (<c>decision</c>, <c>arm</c>, <c>arms[i].weight</c>, <c>coverage</c>,
/// <c>targeting</c>, <c>endsAt</c>, <c>key</c>).
/// </summary>
public static class ExperimentLifecycle
{
    /// <summary>
    /// Draft → Running. Refused when another live experiment (running or paused: a paused one may resume)
    /// of the same prompt has the same audience, or when the end date has passed.
    /// </summary>
    public static Result<Experiment> Start(Experiment experiment, DateTimeOffset now, IEnumerable<Experiment> otherExperiments)
    {
        if (experiment.Status != ExperimentStatus.Draft)
            return Refused(experiment, "experiment-not-draft", "only a draft can start");
        if (IsPastEnd(experiment.Definition, now))
            return PastEnd(experiment);

        var overlapping = ExperimentOverlap.FirstOverlapping(experiment, otherExperiments);
        if (overlapping is not null)
        {
            return Error.Validation(
                "experiment-overlaps",
                $"Experiment '{overlapping.Key}' is already {Describe(overlapping.Status)} on prompt '{experiment.PromptKey}' for the same audience.",
                [new FieldError("targeting", $"Same prompt and audience as '{overlapping.Key}': target a different audience, or stop '{overlapping.Key}' first.")]);
        }

        return experiment with { Status = ExperimentStatus.Running, StartedAt = now };
    }

    /// <summary>Running → Paused. Nobody is routed to a paused experiment; assignments come back unchanged on resume.</summary>
    public static Result<Experiment> Pause(Experiment experiment) =>
        experiment.Status == ExperimentStatus.Running
            ? experiment with { Status = ExperimentStatus.Paused }
            : Refused(experiment, "experiment-not-running", "only a running experiment can pause");

    /// <summary>Paused → Running. <see cref="Experiment.StartedAt"/> stays, so the routing order does not change.</summary>
    public static Result<Experiment> Resume(Experiment experiment, DateTimeOffset now)
    {
        if (experiment.Status != ExperimentStatus.Paused)
            return Refused(experiment, "experiment-not-paused", "only a paused experiment can resume");
        return IsPastEnd(experiment.Definition, now) ? PastEnd(experiment) : experiment with { Status = ExperimentStatus.Running };
    }

    /// <summary>Running or Paused → Stopped, with the decision: ship a named arm, or no winner.</summary>
    public static Result<Experiment> Stop(Experiment experiment, ExperimentDecision decision, DateTimeOffset now)
    {
        if (!experiment.IsLive)
            return Refused(experiment, "experiment-not-live", "only a running or paused experiment can stop");

        var arms = experiment.Definition.Arms;
        if (decision.Verdict == ExperimentVerdict.Ship && !arms.Any(a => string.Equals(a.Name, decision.Arm, StringComparison.Ordinal)))
        {
            return Error.Validation(
                "invalid-decision",
                "Shipping needs the name of one of the experiment's arms.",
                [new FieldError("arm", $"'{decision.Arm}' is not an arm of '{experiment.Key}': use one of {string.Join(", ", arms.Select(a => a.Name))}.")]);
        }

        if (decision.Verdict == ExperimentVerdict.NoWinner && decision.Arm is not null)
            return Error.Validation("invalid-decision", "No arm ships when there is no winner.", [new FieldError("arm", "Leave the arm out when there is no winner.")]);

        return experiment with { Status = ExperimentStatus.Stopped, StoppedAt = now, Decision = decision };
    }

    /// <summary>Replaces a draft's definition; the key is the experiment's identity and stays.</summary>
    public static Result<Experiment> Revise(Experiment experiment, ExperimentDefinition definition)
    {
        if (experiment.Status != ExperimentStatus.Draft)
            return Refused(experiment, "experiment-not-draft", "only a draft can be edited; a live experiment can change its weights and coverage");
        if (!string.Equals(definition.Key, experiment.Key, StringComparison.Ordinal))
            return Error.Validation("invalid-experiment", "The key of an experiment cannot change.", [new FieldError("key", $"Keep '{experiment.Key}'.")]);
        return experiment with { Definition = definition };
    }

    /// <summary>
    /// New weights (one per arm, in arm order) and coverage. On a live experiment, a change that moves
    /// enrolled subjects to another arm or out of the experiment needs <paramref name="confirmed"/>;
    /// <see cref="ReassignmentImpact.OfHashSpace"/> says how many before asking.
    /// </summary>
    public static Result<Experiment> Reallocate(Experiment experiment, IReadOnlyList<double> weights, double coverage, bool confirmed)
    {
        if (experiment.Status == ExperimentStatus.Stopped)
            return Refused(experiment, "experiment-stopped", "a stopped experiment keeps its allocation");

        var arms = experiment.Definition.Arms;
        var errors = new List<FieldError>();
        if (weights.Count != arms.Count)
            errors.Add(new FieldError("arms", $"Give one weight per arm: {arms.Count}."));
        else
            ExperimentValidator.CheckWeights(weights, errors);
        ExperimentValidator.CheckCoverage(coverage, errors);
        if (errors.Count > 0)
            return Error.Validation("invalid-allocation", "The new allocation is not valid.", errors);

        var definition = experiment.Definition with
        {
            Arms = arms.Select((arm, i) => arm with { Weight = weights[i] }).ToArray(),
            Coverage = coverage,
        };
        if (experiment.IsLive && !confirmed)
        {
            var impact = ReassignmentImpact.OfHashSpace(experiment.Definition.Allocation, definition.Allocation);
            if (impact.Moved > 0)
            {
                return Error.Conflict(
                    "reassignment-not-confirmed",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"This change moves {impact.Switched:P2} of subjects to another arm and takes {impact.Left:P2} out of '{experiment.Key}'; confirm it to go ahead."));
            }
        }

        return experiment with { Definition = definition };
    }

    /// <summary>A live experiment past its end date: the background controller stops it.</summary>
    public static bool IsPastEnd(Experiment experiment, DateTimeOffset now) => experiment.IsLive && IsPastEnd(experiment.Definition, now);

    private static bool IsPastEnd(ExperimentDefinition definition, DateTimeOffset now) => definition.EndsAt is { } endsAt && endsAt <= now;

    private static Error PastEnd(Experiment experiment) =>
        Error.Validation("experiment-ended", $"Experiment '{experiment.Key}' is past its end date.", [new FieldError("endsAt", "The end date is past: move it later first.")]);

    private static Error Refused(Experiment experiment, string code, string rule) =>
        Error.Conflict(code, $"Experiment '{experiment.Key}' is {Describe(experiment.Status)}: {rule}.");

    private static string Describe(ExperimentStatus status) => status.ToString().ToLowerInvariant();
}
