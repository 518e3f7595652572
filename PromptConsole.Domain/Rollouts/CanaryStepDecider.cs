using System.Globalization;

namespace PromptConsole.Domain.Rollouts;

/// <summary>What the controller does after an analysis.</summary>
public enum CanaryAction
{
    Wait,
    Advance,
    Promote,
    Pause,
    Abort,
}

/// <summary>One gate's counts over the canary's measurements since it started or was last resumed (Argo's metric result counters).</summary>
public sealed record GateCounters(int Failed, int Inconclusive, int ConsecutiveErrors)
{
    public static readonly GateCounters Zero = new(0, 0, 0);
}

/// <summary>
/// Everything one step decision looks at. <paramref name="Counters"/> and <paramref name="Measurements"/> are in
/// gate order; <paramref name="StepElapsed"/> and <paramref name="CandidateExecutions"/> are the current step's.
/// </summary>
public sealed record CanaryStepInput(
    IReadOnlyList<CanaryGate> Gates,
    IReadOnlyList<GateCounters> Counters,
    IReadOnlyList<GateMeasurement> Measurements,
    int StepIndex,
    IReadOnlyList<int> Steps,
    TimeSpan StepElapsed,
    TimeSpan StepDuration,
    long CandidateExecutions,
    int MinExecutionsPerStep);

/// <summary>
/// The decision, its reason, whether this analysis counted as a measurement (it does once the step has its
/// minimum of candidate executions) and the counters after it.
/// </summary>
public sealed record CanaryStepDecision(CanaryAction Action, string Reason, bool Counted, IReadOnlyList<GateCounters> Counters);

/// <summary>
/// The step decision, one pure function with Argo Rollouts' analysis semantics. Until the step has
/// <c>minExecutionsPerStep</c> candidate executions nothing is judged (a rate over a handful of executions is
/// noise): the canary waits. After that every analysis is a measurement and moves each gate's counters.
/// In order: failed measurements beyond a gate's <c>failureLimit</c> abort; consecutive errors (no data)
/// beyond its <c>consecutiveErrorLimit</c> abort; inconclusive ones beyond its <c>inconclusiveLimit</c> pause
/// for a human. Otherwise, once the step has lasted its duration and the latest measurement of every gate is
/// successful, the canary advances, or promotes after the last step; else it waits.
/// </summary>
public static class CanaryStepDecider
{
    public static CanaryStepDecision Decide(CanaryStepInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Counters.Count != input.Gates.Count || input.Measurements.Count != input.Gates.Count)
            throw new ArgumentException("Counters and measurements are given per gate, in gate order.", nameof(input));

        var step = StepText(input.StepIndex, input.Steps);
        if (input.CandidateExecutions < input.MinExecutionsPerStep)
        {
            return new CanaryStepDecision(CanaryAction.Wait,
                Invariant($"{step}: collecting, {input.CandidateExecutions} of {input.MinExecutionsPerStep} candidate executions"), false, input.Counters);
        }

        var counters = input.Gates.Select((_, i) => Count(input.Counters[i], input.Measurements[i].Phase)).ToArray();

        for (var i = 0; i < input.Gates.Count; i++)
        {
            var gate = input.Gates[i];
            if (counters[i].Failed > gate.FailureLimit)
            {
                return new CanaryStepDecision(CanaryAction.Abort,
                    Invariant($"{Name(gate)} failed {counters[i].Failed} time(s), more than its limit of {gate.FailureLimit}: {input.Measurements[i].Reason}"), true, counters);
            }
        }

        for (var i = 0; i < input.Gates.Count; i++)
        {
            var gate = input.Gates[i];
            if (counters[i].ConsecutiveErrors > gate.ConsecutiveErrorLimit)
            {
                return new CanaryStepDecision(CanaryAction.Abort,
                    Invariant($"{Name(gate)} had no data {counters[i].ConsecutiveErrors} times in a row, more than its limit of {gate.ConsecutiveErrorLimit}: {input.Measurements[i].Reason}"), true, counters);
            }
        }

        for (var i = 0; i < input.Gates.Count; i++)
        {
            var gate = input.Gates[i];
            if (counters[i].Inconclusive > gate.InconclusiveLimit)
            {
                return new CanaryStepDecision(CanaryAction.Pause,
                    Invariant($"{Name(gate)} was inconclusive {counters[i].Inconclusive} time(s), more than its limit of {gate.InconclusiveLimit}; a human decides: {input.Measurements[i].Reason}"), true, counters);
            }
        }

        var blocking = input.Measurements.FirstOrDefault(m => m.Phase != MeasurementPhase.Successful);
        if (blocking is not null)
        {
            return new CanaryStepDecision(CanaryAction.Wait,
                Invariant($"{step}: holding, {GateMetrics.NameOf(blocking.Metric)} {GateMeasurement.PhaseName(blocking.Phase)} (within its limit): {blocking.Reason}"), true, counters);
        }

        if (input.StepElapsed < input.StepDuration)
        {
            return new CanaryStepDecision(CanaryAction.Wait,
                Invariant($"{step}: healthy, {Minutes(input.StepElapsed)} of {Minutes(input.StepDuration)} elapsed"), true, counters);
        }

        var last = input.StepIndex >= input.Steps.Count - 1;
        return last
            ? new CanaryStepDecision(CanaryAction.Promote, Invariant($"{step} passed every gate for {Minutes(input.StepDuration)} with {input.CandidateExecutions} candidate executions: promote"), true, counters)
            : new CanaryStepDecision(CanaryAction.Advance,
                Invariant($"{step} passed every gate for {Minutes(input.StepDuration)} with {input.CandidateExecutions} candidate executions: on to {StepText(input.StepIndex + 1, input.Steps)}"), true, counters);
    }

    /// <summary>Argo's counters: a failure or inconclusive result adds one and ends a run of errors; an error extends the run; a success ends it.</summary>
    public static GateCounters Count(GateCounters counters, MeasurementPhase phase) => phase switch
    {
        MeasurementPhase.Failed => counters with { Failed = counters.Failed + 1, ConsecutiveErrors = 0 },
        MeasurementPhase.Inconclusive => counters with { Inconclusive = counters.Inconclusive + 1, ConsecutiveErrors = 0 },
        MeasurementPhase.Error => counters with { ConsecutiveErrors = counters.ConsecutiveErrors + 1 },
        _ => counters with { ConsecutiveErrors = 0 },
    };

    /// <summary>"step 2 (25 %)".</summary>
    public static string StepText(int index, IReadOnlyList<int> steps) =>
        index >= 0 && index < steps.Count ? Invariant($"step {index + 1} ({steps[index]} %)") : Invariant($"step {index + 1}");

    private static string Name(CanaryGate gate) => GateMetrics.NameOf(gate.Metric);

    private static string Minutes(TimeSpan span) => span.TotalMinutes >= 1
        ? Invariant($"{span.TotalMinutes:0.#} min")
        : Invariant($"{span.TotalSeconds:0} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
