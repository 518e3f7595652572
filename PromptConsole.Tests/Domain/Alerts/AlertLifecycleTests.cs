using PromptConsole.Domain.Alerts;

namespace PromptConsole.Tests.Domain.Alerts;

/// <summary>The alert lifecycle, branch by branch: fire, repeat, escalate, resolve, and when nothing happens.</summary>
public sealed class AlertLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// <paramref name="open"/>: <c>none</c>, <c>firing</c>, <c>acknowledged</c> or <c>resolved</c>; times in minutes before now;
    /// <paramref name="expected"/>: the actions, comma separated.
    /// </summary>
    [Theory]
    [InlineData("no alert, the condition holds: fire", "none", 0, null, null, "holds", null, null, true, "Fire")]
    [InlineData("no alert, the condition does not hold: nothing", "none", 0, null, null, "not", null, null, true, "")]
    [InlineData("no alert, no data: nothing fires on no data", "none", 0, null, null, "no-data", null, null, true, "")]
    [InlineData("the last alert resolved and it holds again: a new alert", "resolved", 60, 60, null, "holds", null, null, true, "Fire")]
    [InlineData("firing and it stopped holding: resolve", "firing", 10, 10, null, "not", 5, 15, true, "Resolve")]
    [InlineData("acknowledged and it stopped holding: resolve", "acknowledged", 10, 10, null, "not", 5, 15, true, "Resolve")]
    [InlineData("firing, no data: keeps firing, nothing due", "firing", 2, 2, null, "no-data", 5, 15, true, "")]
    [InlineData("firing, still holds, nothing due yet", "firing", 4, 4, null, "holds", 5, 15, true, "")]
    [InlineData("firing, repeat interval passed: repeat", "firing", 5, 5, null, "holds", 5, 15, true, "Repeat")]
    [InlineData("repeats count from the last repeat", "firing", 12, 3, null, "holds", 5, 15, true, "")]
    [InlineData("no repeat interval: never repeats", "firing", 600, 600, null, "holds", null, null, true, "")]
    [InlineData("not acknowledged within escalateAfter: escalate", "firing", 15, 0, null, "holds", null, 15, true, "Escalate")]
    [InlineData("escalation and repeat due at the same pass", "firing", 15, 5, null, "holds", 5, 15, true, "Escalate,Repeat")]
    [InlineData("escalates once only", "firing", 40, 0, 25, "holds", null, 15, true, "")]
    [InlineData("no escalation channel: no escalation", "firing", 40, 0, null, "holds", null, 15, false, "")]
    [InlineData("no data does not stop the escalation of an unacknowledged alert", "firing", 15, 0, null, "no-data", null, 15, true, "Escalate")]
    [InlineData("acknowledged: no repeat and no escalation", "acknowledged", 60, 30, null, "holds", 5, 15, true, "")]
    [InlineData("acknowledged, no data: keeps its state", "acknowledged", 60, 30, null, "no-data", 5, 15, true, "")]
    public void Decides_what_happens_to_the_alert(
        string rule, string open, int startedMinutesAgo, int? notifiedMinutesAgo, int? escalatedMinutesAgo, string condition,
        int? repeatEveryMinutes, int? escalateAfterMinutes, bool hasEscalationChannel, string expected)
    {
        var state = open == "none" ? null : new OpenAlertState(
            AlertStatusNames.Parse(open)!.Value,
            Now.AddMinutes(-startedMinutesAgo),
            notifiedMinutesAgo is { } n ? Now.AddMinutes(-n) : null,
            escalatedMinutesAgo is { } e ? Now.AddMinutes(-e) : null);
        var timing = new AlertTiming(
            repeatEveryMinutes is { } r ? TimeSpan.FromMinutes(r) : null,
            escalateAfterMinutes is { } a ? TimeSpan.FromMinutes(a) : null,
            hasEscalationChannel);

        var actions = AlertLifecycle.Decide(state, AlertTestData.State(condition), timing, Now);

        Assert.True(expected == string.Join(",", actions), $"{rule}: expected [{expected}], got [{string.Join(",", actions)}]");
    }
}
