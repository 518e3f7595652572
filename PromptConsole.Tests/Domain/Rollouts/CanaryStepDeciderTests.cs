using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Tests.Domain.Rollouts;

/// <summary>The step decision with Argo Rollouts' semantics, case by case. One gate unless a case says otherwise.</summary>
public sealed class CanaryStepDeciderTests
{
    private static readonly int[] Steps = [5, 25, 50, 100];

    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    private static CanaryGate Gate(int failureLimit = 0, int inconclusiveLimit = 0, int errorLimit = 4) =>
        CanaryGateDefaults.For(GateMetric.ErrorRate) with { FailureLimit = failureLimit, InconclusiveLimit = inconclusiveLimit, ConsecutiveErrorLimit = errorLimit };

    private static GateMeasurement Measured(MeasurementPhase phase) => new(GateMetric.ErrorRate, phase, 0.1, 0.01, 0.09, null, "errorRate " + phase);

    /// <summary>One case: the gate, its counters before, this analysis's phase, the step and its progress.</summary>
    public sealed record Case(
        CanaryGate Gate,
        GateCounters Before,
        MeasurementPhase Phase,
        int StepIndex = 0,
        double ElapsedMinutes = 5,
        long CandidateExecutions = 100,
        int MinExecutions = 50);

    public static TheoryData<string, Case, CanaryAction, GateCounters> Cases => new()
    {
        // Collecting: below the step's minimum nothing is judged and nothing is counted.
        { "too few executions: wait, even with a failed measurement", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Failed, CandidateExecutions: 10), CanaryAction.Wait, GateCounters.Zero },
        { "too few executions after the duration: wait", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Successful, ElapsedMinutes: 30, CandidateExecutions: 49), CanaryAction.Wait, GateCounters.Zero },
        // Failures against failureLimit (abort when failed > limit).
        { "first failure, limit 0: abort", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Failed), CanaryAction.Abort, new GateCounters(1, 0, 0) },
        { "first failure, limit 1: wait, holding", new Case(Gate(failureLimit: 1), GateCounters.Zero, MeasurementPhase.Failed), CanaryAction.Wait, new GateCounters(1, 0, 0) },
        { "second failure, limit 1: abort", new Case(Gate(failureLimit: 1), new GateCounters(1, 0, 0), MeasurementPhase.Failed), CanaryAction.Abort, new GateCounters(2, 0, 0) },
        { "failure within limit after the duration: no advance", new Case(Gate(failureLimit: 1), GateCounters.Zero, MeasurementPhase.Failed, ElapsedMinutes: 10), CanaryAction.Wait, new GateCounters(1, 0, 0) },
        { "earlier failure within limit, now successful after the duration: advance", new Case(Gate(failureLimit: 1), new GateCounters(1, 0, 0), MeasurementPhase.Successful, ElapsedMinutes: 10), CanaryAction.Advance, new GateCounters(1, 0, 0) },
        // Inconclusive against inconclusiveLimit (pause when inconclusive > limit).
        { "first inconclusive, limit 0: pause", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Inconclusive), CanaryAction.Pause, new GateCounters(0, 1, 0) },
        { "first inconclusive, limit 2: wait", new Case(Gate(inconclusiveLimit: 2), GateCounters.Zero, MeasurementPhase.Inconclusive), CanaryAction.Wait, new GateCounters(0, 1, 0) },
        { "third inconclusive, limit 2: pause", new Case(Gate(inconclusiveLimit: 2), new GateCounters(0, 2, 0), MeasurementPhase.Inconclusive), CanaryAction.Pause, new GateCounters(0, 3, 0) },
        // Errors against consecutiveErrorLimit (abort when consecutive errors > limit).
        { "an error, limit 4: wait", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Error), CanaryAction.Wait, new GateCounters(0, 0, 1) },
        { "fifth error in a row, limit 4: abort", new Case(Gate(), new GateCounters(0, 0, 4), MeasurementPhase.Error), CanaryAction.Abort, new GateCounters(0, 0, 5) },
        { "a success ends the run of errors", new Case(Gate(), new GateCounters(0, 0, 4), MeasurementPhase.Successful), CanaryAction.Wait, new GateCounters(0, 0, 0) },
        { "an inconclusive result ends the run of errors", new Case(Gate(inconclusiveLimit: 5), new GateCounters(0, 0, 4), MeasurementPhase.Inconclusive), CanaryAction.Wait, new GateCounters(0, 1, 0) },
        { "error limit 0: the first error aborts", new Case(Gate(errorLimit: 0), GateCounters.Zero, MeasurementPhase.Error), CanaryAction.Abort, new GateCounters(0, 0, 1) },
        // Progress.
        { "healthy before the duration: wait", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Successful, ElapsedMinutes: 9.9), CanaryAction.Wait, GateCounters.Zero },
        { "healthy at the duration: advance", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Successful, ElapsedMinutes: 10), CanaryAction.Advance, GateCounters.Zero },
        { "healthy at the duration of step 3: advance to 100 %", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Successful, StepIndex: 2, ElapsedMinutes: 12), CanaryAction.Advance, GateCounters.Zero },
        { "healthy at the duration of the last step: promote", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Successful, StepIndex: 3, ElapsedMinutes: 10), CanaryAction.Promote, GateCounters.Zero },
        { "failure at the last step: abort, not promote", new Case(Gate(), GateCounters.Zero, MeasurementPhase.Failed, StepIndex: 3, ElapsedMinutes: 10), CanaryAction.Abort, new GateCounters(1, 0, 0) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides(string name, Case c, CanaryAction action, GateCounters after)
    {
        var decision = CanaryStepDecider.Decide(new CanaryStepInput(
            [c.Gate], [c.Before], [Measured(c.Phase)], c.StepIndex, Steps, TimeSpan.FromMinutes(c.ElapsedMinutes), Duration, c.CandidateExecutions, c.MinExecutions));

        Assert.True(action == decision.Action, $"{name}: {decision.Action}, {decision.Reason}");
        Assert.Equal(after, Assert.Single(decision.Counters));
        Assert.Equal(c.CandidateExecutions >= c.MinExecutions, decision.Counted);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void An_abort_of_one_gate_wins_over_a_pause_of_another()
    {
        var gates = new[] { Gate(), CanaryGateDefaults.For(GateMetric.P95LatencyRatio) };
        var measurements = new[] { Measured(MeasurementPhase.Inconclusive), new GateMeasurement(GateMetric.P95LatencyRatio, MeasurementPhase.Failed, 300, 100, 3, null, "p95 3x") };

        var decision = CanaryStepDecider.Decide(new CanaryStepInput(gates, [GateCounters.Zero, GateCounters.Zero], measurements, 1, Steps, TimeSpan.FromMinutes(1), Duration, 100, 50));

        Assert.Equal(CanaryAction.Abort, decision.Action);
        Assert.StartsWith("p95LatencyRatio failed", decision.Reason);
    }

    [Fact]
    public void Without_gates_a_step_advances_on_time_and_volume_alone()
    {
        var decision = CanaryStepDecider.Decide(new CanaryStepInput([], [], [], 0, Steps, Duration, Duration, 50, 50));

        Assert.Equal(CanaryAction.Advance, decision.Action);
        Assert.Contains("step 1 (5 %)", decision.Reason);
        Assert.Contains("step 2 (25 %)", decision.Reason);
    }
}
