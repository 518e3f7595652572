using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using static PromptConsole.Tests.Domain.Experiments.ExperimentFixtures;

namespace PromptConsole.Tests.Domain.Experiments;

public sealed class ExperimentAssignmentTests
{
    private static readonly string[] Subjects = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToArray();

    /// <summary>
    /// GrowthBook's "run" cases that use hash version 2 (growthbook/growthbook packages/sdk-js/test/cases.json):
    /// seed "foo", id "1", two variations, default weights and coverage / weights 0.5, 0.5 and coverage 0.99
    /// → variation 1. Here the seed is the experiment key, so the key is "foo".
    /// </summary>
    [Theory]
    [InlineData("Uses seed with default weights/coverage", 1, 1, 1.0, 1)]
    [InlineData("Uses seed with weights/coverage", 0.5, 0.5, 0.99, 1)]
    public void Matches_GrowthBook_run_cases_with_hash_version_2(string name, double controlWeight, double treatmentWeight, double coverage, int expectedArm)
    {
        var experiment = Compile(Running(Definition("foo", coverage, arms: [new ExperimentArm("control", 1, controlWeight), new ExperimentArm("treatment", 2, treatmentWeight)])));

        var assignment = experiment.Assign(new RequestAttributes("1"));

        Assert.True(assignment.IsAssigned, name);
        Assert.Equal(expectedArm, assignment.ArmIndex);
    }

    /// <summary>
    /// Coverage 0.5 enrols subjects whose position falls in [0, .25) or [.5, .75). Over 10,000 distinct
    /// subjects the enrolled count is Binomial(10000, 0.5) for a uniform hash: sd 50, so ±200 is ±4 sd.
    /// </summary>
    [Fact]
    public void Coverage_half_leaves_about_half_out()
    {
        var experiment = Compile(Running(Definition(coverage: 0.5)));

        var outcomes = Subjects.Select(s => experiment.Assign(new RequestAttributes(s))).ToArray();

        var enrolled = outcomes.Count(a => a.IsAssigned);
        Assert.InRange(enrolled, 5_000 - 200, 5_000 + 200);
        Assert.Equal(10_000 - enrolled, outcomes.Count(a => a.Outcome == AssignmentOutcome.OutsideCoverage));
        Assert.All(outcomes.Where(a => !a.IsAssigned), a => Assert.True(a.Position is >= 0.25 and < 0.5 or >= 0.75));
    }

    /// <summary>20/80 over 10,000 subjects: the control count is Binomial(10000, 0.2), sd 40, ±160 is ±4 sd.</summary>
    [Fact]
    public void Weights_split_subjects_in_proportion()
    {
        var experiment = Compile(Running(Definition(arms: [new ExperimentArm("control", 1, 20), new ExperimentArm("b", 2, 80)])));

        var control = Subjects.Count(s => experiment.Assign(new RequestAttributes(s)).ArmIndex == 0);

        Assert.InRange(control, 2_000 - 160, 2_000 + 160);
    }

    [Fact]
    public void Two_independently_built_snapshots_assign_every_subject_alike()
    {
        // Built from separate objects, with the arms' text copied, so nothing is shared but the values.
        static CompiledExperiment Build() => Compile(Running(Definition(
            new string("tone-test".ToCharArray()),
            0.8,
            [new TargetingCondition("plan", TargetingOperator.In, ["pro", "team"])],
            arms: [new ExperimentArm("control", 1, 30), new ExperimentArm("friendly", 2, 30), new ExperimentArm("terse", 3, 40)])));
        var first = Build();
        var second = Build();
        var plan = new Dictionary<string, string> { ["plan"] = "pro" };

        var arms = new int[4];
        foreach (var subject in Subjects)
        {
            var a = first.Assign(new RequestAttributes(subject, null, plan));
            var b = second.Assign(new RequestAttributes(subject, null, new Dictionary<string, string>(plan)));
            Assert.Equal(a, b);
            arms[a.ArmIndex + 1]++;
        }

        Assert.All(arms, count => Assert.True(count > 1_000, $"arm counts {string.Join(", ", arms)}"));
    }

    [Fact]
    public void Assignment_is_the_GrowthBook_hash_of_key_and_subject_in_the_ranges()
    {
        var experiment = Compile(Running(Definition(coverage: 0.9, arms: [new ExperimentArm("a", 1, 1), new ExperimentArm("b", 2, 3)])));

        foreach (var subject in Subjects.Take(1_000))
        {
            var position = PromptConsole.Domain.Experiments.Bucketing.BucketHash.Position("tone-test", subject);
            var expected = PromptConsole.Domain.Experiments.Bucketing.BucketRanges.ChooseVariation(position, [.. experiment.Ranges]);
            var assignment = experiment.Assign(new RequestAttributes(subject));
            Assert.Equal((expected, position), (assignment.ArmIndex, assignment.Position));
        }
    }

    [Theory]
    [InlineData(null, "pro", AssignmentOutcome.NoSubject)]
    [InlineData("", "pro", AssignmentOutcome.NoSubject)]
    [InlineData("user-1", "free", AssignmentOutcome.NotTargeted)]
    [InlineData(null, "free", AssignmentOutcome.NotTargeted)]
    [InlineData("user-1", "pro", AssignmentOutcome.Assigned)]
    public void Targeting_comes_before_the_subject(string? subject, string plan, AssignmentOutcome expected)
    {
        var experiment = Compile(Running(Definition(targeting: [Condition("plan", TargetingOperator.EqualTo, "pro")])));

        var assignment = experiment.Assign(new RequestAttributes(subject, null, new Dictionary<string, string> { ["plan"] = plan }));

        Assert.Equal(expected, assignment.Outcome);
        Assert.Equal(expected == AssignmentOutcome.Assigned, assignment.ArmIndex >= 0);
    }

    [Fact]
    public void Randomises_on_the_chosen_subject_attribute()
    {
        var byTenant = Compile(Running(Definition(subjectAttribute: "tenant")));

        var noTenant = byTenant.Assign(new RequestAttributes("user-1"));
        var first = byTenant.Assign(new RequestAttributes("user-1", "acme"));
        var sameTenantOtherUser = byTenant.Assign(new RequestAttributes("user-2", "acme"));

        Assert.Equal(AssignmentOutcome.NoSubject, noTenant.Outcome);
        Assert.Equal(first, sameTenantOtherUser);
    }

    [Fact]
    public void Assignment_allocates_nothing()
    {
        var experiment = Compile(Running(Definition(targeting:
        [
            Condition("plan", TargetingOperator.In, "pro", "team"),
            Condition("seats", TargetingOperator.GreaterThanOrEqual, "5"),
            Condition("subject", TargetingOperator.Percentage, "1"),
        ])));
        var request = new RequestAttributes("user-12345", "acme", new Dictionary<string, string> { ["plan"] = "pro", ["seats"] = "12" });
        Assert.True(experiment.Assign(request).IsAssigned);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            experiment.Assign(request);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Only_live_experiments_compile()
    {
        Assert.Equal("experiment-not-live", CompiledExperiment.Compile(Experiment.NewDraft(Definition())).Error!.Code);
        Assert.False(Compile(new Experiment(Definition(), ExperimentStatus.Paused, DomainFixtures.Now)).IsRunning);
    }
}
