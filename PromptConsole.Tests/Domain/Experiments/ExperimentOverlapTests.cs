using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using static PromptConsole.Tests.Domain.Experiments.ExperimentFixtures;

namespace PromptConsole.Tests.Domain.Experiments;

public sealed class ExperimentOverlapTests
{
    private static readonly TargetingCondition ProPlan = Condition("plan", TargetingOperator.EqualTo, "pro");
    private static readonly TargetingCondition Europe = Condition("country", TargetingOperator.In, "FR", "DE");
    private static readonly TargetingCondition EuropeReordered = Condition("country", TargetingOperator.In, "DE", "FR", "FR");
    private static readonly TargetingCondition ManySeats = Condition("seats", TargetingOperator.GreaterThan, "10");
    private static readonly TargetingCondition ManySeatsWritten = Condition("seats", TargetingOperator.GreaterThan, "1e1");

    public static TheoryData<string, ExperimentDefinition, ExperimentDefinition, bool> Cases => new()
    {
        { "same prompt, both untargeted", Definition("a"), Definition("b"), true },
        { "different prompts, both untargeted", Definition("a"), Definition("b", prompt: "translate"), false },
        { "one targeted, one not", Definition("a", targeting: [ProPlan]), Definition("b"), false },
        { "identical targeting", Definition("a", targeting: [ProPlan, Europe]), Definition("b", targeting: [ProPlan, Europe]), true },
        { "identical targeting in another order", Definition("a", targeting: [ProPlan, Europe]), Definition("b", targeting: [EuropeReordered, ProPlan]), true },
        { "the same number written differently", Definition("a", targeting: [ManySeats]), Definition("b", targeting: [ManySeatsWritten]), true },
        { "a subset of the conditions", Definition("a", targeting: [ProPlan, Europe]), Definition("b", targeting: [ProPlan]), false },
        { "same attribute, other value", Definition("a", targeting: [ProPlan]), Definition("b", targeting: [Condition("plan", TargetingOperator.EqualTo, "team")]), false },
        { "same value, other operator", Definition("a", targeting: [ProPlan]), Definition("b", targeting: [Condition("plan", TargetingOperator.In, "pro")]), false },
        { "identical targeting on other prompts", Definition("a", targeting: [ProPlan]), Definition("b", targeting: [ProPlan], prompt: "translate"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Overlap_means_same_prompt_and_same_audience(string rule, ExperimentDefinition first, ExperimentDefinition second, bool expected)
    {
        Assert.True(expected == ExperimentOverlap.Overlaps(first, second), rule);
        Assert.True(expected == ExperimentOverlap.Overlaps(second, first), $"{rule} (reversed)");
    }

    [Fact]
    public void The_earliest_started_overlapping_experiment_is_named()
    {
        var now = DomainFixtures.Now;
        var later = Running(Definition("b-later"), now.AddDays(-1));
        var earlier = Running(Definition("z-earlier"), now.AddDays(-3));
        var sameTimeFirstKey = Running(Definition("a-same"), now.AddDays(-3));

        var found = ExperimentOverlap.FirstOverlapping(Experiment.NewDraft(Definition("candidate")), [later, earlier, sameTimeFirstKey]);

        Assert.Equal("a-same", found!.Key);
    }
}
