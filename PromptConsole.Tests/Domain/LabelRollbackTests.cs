using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;
using static PromptConsole.Tests.Domain.DomainFixtures;

namespace PromptConsole.Tests.Domain;

/// <summary>
/// Rollback over sequences of label moves. All moves happen at the same instant, as they do
/// when a controller deploys and rolls back within one clock tick: order must come from the
/// sequence of moves, not from timestamps.
/// </summary>
public sealed class LabelRollbackTests
{
    /// <summary>
    /// Script steps: "dN" deploys version N to production, "r" rolls production back. Every step
    /// but the last must succeed; the last one's outcome is expected ("vN" where production
    /// then points, or an error code).
    /// </summary>
    [Theory]
    [InlineData("rollback after three deploys returns to the second", "d1 d2 d3 r", "v2")]
    [InlineData("second rollback returns to the first", "d1 d2 d3 r r", "v1")]
    [InlineData("third rollback has nothing left", "d1 d2 d3 r r r", "nothing-to-roll-back")]
    [InlineData("a single deploy cannot be rolled back", "d1 r", "nothing-to-roll-back")]
    [InlineData("rollback then deploy then rollback undoes the new deploy", "d1 d2 r d3 r", "v1")]
    [InlineData("after undoing both deploys nothing is left", "d1 d2 r d3 r r", "nothing-to-roll-back")]
    [InlineData("redeploying the current version adds no move", "d1 d1 r", "nothing-to-roll-back")]
    [InlineData("redeploy of an earlier version is undone like any deploy", "d1 d2 d1 r", "v2")]
    [InlineData("undoing a redeploy then walks further back", "d1 d2 d1 r r", "v1")]
    [InlineData("deploy after a rollback stacks on the rolled-back-to version", "d1 d2 d3 r d4 r", "v2")]
    [InlineData("and then walks back through the older deploys", "d1 d2 d3 r d4 r r", "v1")]
    [InlineData("deploy after rolling back to the start", "d1 d2 r d3", "v3")]
    [InlineData("many deploys unwind one by one", "d1 d2 d3 d4 r r r", "v1")]
    public void Rollback_walks_back_through_deploys(string rule, string script, string expected)
    {
        var prompt = PromptWithVersions(4);
        var steps = script.Split(' ');
        Result<Label> outcome = default;

        for (var i = 0; i < steps.Length; i++)
        {
            outcome = steps[i] == "r"
                ? prompt.Rollback(LabelName.Production, Actor, "rule", Now)
                : prompt.Deploy(LabelName.Production, int.Parse(steps[i][1..]), Actor, null, Now);
            if (i < steps.Length - 1)
                Assert.True(outcome.IsSuccess, $"{rule}: step {i + 1} '{steps[i]}' failed with {outcome.Error?.Code}");
        }

        var found = outcome.IsSuccess ? $"v{outcome.Value.VersionNumber}" : outcome.Error!.Code;
        Assert.True(expected == found, $"{rule}: expected {expected}, found {found}");
        if (!outcome.IsSuccess)
            Assert.Equal(ErrorKind.Conflict, outcome.Error!.Kind);
    }

    [Fact]
    public void Rollback_onto_a_deprecated_version_is_refused_and_changes_nothing()
    {
        var prompt = PromptWithVersions(2);
        prompt.Deploy(LabelName.Production, 1, Actor, null, Now);
        prompt.Deploy(LabelName.Production, 2, Actor, null, Now);
        Assert.True(prompt.DeprecateVersion(1, Actor, "leaks data", Now).IsSuccess);
        var revision = prompt.Revision;

        var outcome = prompt.Rollback(LabelName.Production, Actor, "incident", Now);

        Assert.Equal("rollback-target-deprecated", outcome.Error!.Code);
        Assert.Equal(2, prompt.FindLabel(LabelName.Production)!.VersionNumber);
        Assert.Equal(revision, prompt.Revision);
    }

    [Fact]
    public void Rollback_is_recorded_as_a_move_with_who_and_why()
    {
        var prompt = PromptWithVersions(2);
        prompt.Deploy(LabelName.Production, 1, Actor, null, Now);
        prompt.Deploy(LabelName.Production, 2, Actor, null, Now);

        var label = prompt.Rollback(LabelName.Production, "oncall@example.com", "error rate", Now).Value;

        Assert.Equal(
            [(LabelMoveKind.Deploy, (int?)null, 1), (LabelMoveKind.Deploy, 1, 2), (LabelMoveKind.Rollback, 2, 1)],
            label.History.Select(m => (m.Kind, m.FromVersion, m.ToVersion)));
        var rollback = label.History[^1];
        Assert.Equal(("oncall@example.com", "error rate"), (rollback.Actor, rollback.Reason));
        Assert.Equal(1, label.VersionNumber);
    }

    [Fact]
    public void Moves_keep_their_order_when_the_clock_runs_behind()
    {
        // Another instance with a slower clock makes the later moves.
        var prompt = PromptWithVersions(3);
        prompt.Deploy(LabelName.Production, 1, Actor, null, Now);
        prompt.Deploy(LabelName.Production, 2, Actor, null, Now.AddSeconds(-1));
        prompt.Deploy(LabelName.Production, 3, Actor, null, Now.AddSeconds(-2));

        var first = prompt.Rollback(LabelName.Production, Actor, null, Now.AddSeconds(-3)).Value.VersionNumber;
        var second = prompt.Rollback(LabelName.Production, Actor, null, Now.AddSeconds(-4)).Value.VersionNumber;

        Assert.Equal((2, 1), (first, second));
        var times = prompt.FindLabel(LabelName.Production)!.History.Select(m => m.At).ToArray();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.First < pair.Second, $"{pair.First:O} is not before {pair.Second:O}"));
    }

    [Fact]
    public void Labels_roll_back_independently()
    {
        var prompt = PromptWithVersions(3);
        prompt.Deploy(LabelName.Production, 1, Actor, null, Now);
        prompt.Deploy("canary", 3, Actor, null, Now);
        prompt.Deploy(LabelName.Production, 2, Actor, null, Now);
        prompt.Deploy("canary", 1, Actor, null, Now);

        prompt.Rollback(LabelName.Production, Actor, null, Now);

        Assert.Equal(1, prompt.FindLabel(LabelName.Production)!.VersionNumber);
        Assert.Equal(1, prompt.FindLabel("canary")!.VersionNumber);
        Assert.Equal(3, prompt.FindLabel("canary")!.RollbackTarget);
    }
}
