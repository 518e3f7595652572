using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Tests.Domain.Rollouts;

/// <summary>The canary aggregate's guarded transitions.</summary>
public sealed class CanaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Canary Running(int[]? steps = null) => Canary.Start("canary-1", "greeting", 1,
        new CanaryDefinition("production", 2, steps ?? [5, 25, 100], TimeSpan.FromMinutes(10), 50, CanaryGateDefaults.Gates), T0);

    public static TheoryData<string, Func<Canary, bool>, CanaryStatus> Transitions => new()
    {
        { "running advances", c => c.Advance(T0.AddMinutes(10)) is null, CanaryStatus.Running },
        { "running pauses", c => c.Pause("look") is null, CanaryStatus.Paused },
        { "running promotes", c => c.Promote(T0, "good") is null, CanaryStatus.Promoted },
        { "running aborts", c => c.Abort(T0, "bad") is null, CanaryStatus.Aborted },
        { "running does not resume", c => c.Resume(T0) is null, CanaryStatus.Running },
        { "paused resumes", c => c.Pause("look") is null && c.Resume(T0) is null, CanaryStatus.Running },
        { "paused does not advance", c => c.Pause("look") is null && c.Advance(T0) is null, CanaryStatus.Paused },
        { "paused aborts", c => c.Pause("look") is null && c.Abort(T0, "bad") is null, CanaryStatus.Aborted },
        { "paused promotes", c => c.Pause("look") is null && c.Promote(T0, "fine") is null, CanaryStatus.Promoted },
        { "aborted does not resume", c => c.Abort(T0, "bad") is null && c.Resume(T0) is null, CanaryStatus.Aborted },
        { "aborted does not promote", c => c.Abort(T0, "bad") is null && c.Promote(T0, "x") is null, CanaryStatus.Aborted },
        { "promoted does not abort", c => c.Promote(T0, "good") is null && c.Abort(T0, "x") is null, CanaryStatus.Promoted },
        { "running rolls back", c => c.RollBack(T0, "failed") is null, CanaryStatus.RolledBack },
        { "paused rolls back", c => c.Pause("look") is null && c.RollBack(T0, "failed") is null, CanaryStatus.RolledBack },
        { "rolled back does not resume", c => c.RollBack(T0, "failed") is null && c.Resume(T0) is null, CanaryStatus.RolledBack },
        { "rolled back does not abort", c => c.RollBack(T0, "failed") is null && c.Abort(T0, "x") is null, CanaryStatus.RolledBack },
        { "aborted does not roll back", c => c.Abort(T0, "bad") is null && c.RollBack(T0, "x") is null, CanaryStatus.Aborted },
        { "the last step does not advance", c => c.Advance(T0) is null && c.Advance(T0) is null && c.Advance(T0) is null, CanaryStatus.Running },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Transitions_are_guarded(string name, Func<Canary, bool> act, CanaryStatus status)
    {
        var canary = Running();
        var allowed = act(canary);

        Assert.True(status == canary.Status, name);
        Assert.Equal(!name.Contains(" not ", StringComparison.Ordinal), allowed);
    }

    [Fact]
    public void Advancing_opens_a_new_window_and_keeps_the_previous_one()
    {
        var canary = Running();
        Assert.Equal(5, canary.Percent);

        Assert.Null(canary.Advance(T0.AddMinutes(10)));

        Assert.Equal(1, canary.StepIndex);
        Assert.Equal(25, canary.Percent);
        Assert.Equal(T0.AddMinutes(10), canary.StepStartedAt);
        Assert.Equal(T0, canary.PreviousStepStartedAt);
    }

    [Fact]
    public void The_share_is_all_once_promoted_and_none_once_aborted()
    {
        var promoted = Running();
        promoted.Promote(T0, "good");
        var aborted = Running();
        aborted.Abort(T0, "bad");

        Assert.Equal(100, promoted.Percent);
        Assert.Equal(0, aborted.Percent);
        Assert.Equal("bad", aborted.StatusReason);
        Assert.Equal(T0, aborted.EndedAt);
    }

    [Fact]
    public void A_route_is_sticky_and_a_candidate_subject_stays_on_the_candidate_as_the_share_grows()
    {
        var subjects = Enumerable.Range(0, 2_000).Select(i => $"user-{i}").ToArray();
        var at5 = new CanaryRoute("canary-1", "production", 1, 2, 5);
        var at25 = new CanaryRoute("canary-1", "production", 1, 2, 25);

        var candidatesAt5 = subjects.Where(s => at5.ServesCandidate(s)).ToArray();
        Assert.All(candidatesAt5, s => Assert.True(at25.ServesCandidate(s)));
        Assert.InRange(candidatesAt5.Length, 60, 140);
        Assert.InRange(subjects.Count(s => at25.ServesCandidate(s)), 420, 580);
    }
}
