using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Tests.Persistence;

/// <summary>The canary row: round trip of the aggregate and the folding of repeated waits in its decisions.</summary>
public sealed class StoredCanaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static StoredCanary Row() => StoredCanary.New(
        Canary.Start("canary-1", "greeting", 1, new CanaryDefinition("production", 2, [5, 50, 100], TimeSpan.FromMinutes(10), 50, CanaryGateDefaults.Gates), T0), "ada", T0);

    private static StoredCanaryDecision Wait(int seconds, string phase = "successful", int step = 0) =>
        new(T0.AddSeconds(seconds), step, 5, CanaryDecisionActions.Wait, "healthy", "system", seconds, seconds, [new StoredGateMeasurement("errorRate", phase, 0.01, 0.01, 0, null, "equal")]);

    [Fact]
    public void The_aggregate_comes_back_as_it_was_stored()
    {
        var row = Row();
        var canary = row.ToCanary();
        canary.Advance(T0.AddMinutes(10));
        canary.Pause("look");
        row.Apply(canary, T0.AddMinutes(11));

        var back = row.ToCanary();

        Assert.Equal((CanaryStatus.Paused, 1, 50, "look"), (back.Status, back.StepIndex, back.Percent, back.StatusReason));
        Assert.Equal(T0, back.PreviousStepStartedAt);
        Assert.Equal(CanaryGateDefaults.Gates, back.Definition.Gates);
        Assert.Equal(2, row.Revision);
        Assert.All(row.Counters, c => Assert.Equal(GateCounters.Zero, c));
    }

    [Fact]
    public void A_wait_with_the_same_phases_replaces_the_wait_before_it_and_anything_else_is_kept()
    {
        var row = Row();
        row.AddDecision(Wait(30));
        row.AddDecision(Wait(60));
        row.AddDecision(Wait(90, "inconclusive"));
        row.AddDecision(Wait(120, "inconclusive", step: 1));

        Assert.Equal([60, 90, 120], row.Decisions.Select(d => (int)(d.At - T0).TotalSeconds));
        Assert.Equal(60, row.Decisions[0].CandidateExecutions);
    }
}
