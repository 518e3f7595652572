using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Bucketing;

namespace PromptConsole.Tests.Domain.Experiments;

/// <summary>
/// Expected shares are worked out by hand from the ranges (GrowthBook's getBucketRanges with normalised
/// weights): each is the length of hash space whose arm differs between the two range sets.
/// </summary>
public sealed class ReassignmentImpactTests
{
    private const double Tolerance = 1e-12;

    /// <summary>rule, weights and coverage before, after, then the expected switched, left and joined shares.</summary>
    public static TheoryData<string, double[], double, double[], double, double, double, double> Cases => new()
    {
        // [0,.5) a, [.5,1) b → [0,.6) a, [.6,1) b: [.5,.6) switches b → a.
        { "50/50 to 60/40", [1, 1], 1, [60, 40], 1, 0.1, 0, 0 },
        { "same split written differently", [1, 1], 1, [50, 50], 1, 0, 0, 0 },
        // [0,.25) a, [.5,.75) b → [0,.5) a, [.5,1) b: nobody moves, [.25,.5) and [.75,1) join.
        { "coverage 0.5 to 1", [1, 1], 0.5, [1, 1], 1, 0, 0, 0.5 },
        { "coverage 1 to 0.5", [1, 1], 1, [1, 1], 0.5, 0, 0.5, 0 },
        // [0,.5) a, [.5,1) b → [0,.2) a, [.2,1) b: [.2,.5) switches a → b.
        { "50/50 to 20/80", [1, 1], 1, [20, 80], 1, 0.3, 0, 0 },
        // a [0,1/3) b [1/3,2/3) c [2/3,1) → a [0,.5) b [.5,1) c empty:
        // [1/3,.5) b→a, [2/3,1) c→b: switched 1/6 + 1/3 = 1/2 (bucket resolution rounds 1/3 to 3334/10000).
        { "three arms to two", [1, 1, 1], 1, [1, 1, 0], 1, 0.5, 0, 0 },
        // [0,.5) a, [.5,1) b at coverage .8 → [0,.4) a, [.5,.9) b: [.4,.5) and [.9,1) leave.
        { "coverage 1 to 0.8", [1, 1], 1, [1, 1], 0.8, 0, 0.2, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Share_of_hash_space_that_changes(string rule, double[] before, double coverageBefore, double[] after, double coverageAfter, double switched, double left, double joined)
    {
        var impact = ReassignmentImpact.OfHashSpace(Allocation(before, coverageBefore), Allocation(after, coverageAfter));

        var bucket = 1d / BucketHash.Resolution;
        Assert.True(Math.Abs(impact.Switched - switched) <= bucket + Tolerance, $"{rule}: switched {impact.Switched}, expected {switched}");
        Assert.True(Math.Abs(impact.Left - left) <= bucket + Tolerance, $"{rule}: left {impact.Left}, expected {left}");
        Assert.True(Math.Abs(impact.Joined - joined) <= bucket + Tolerance, $"{rule}: joined {impact.Joined}, expected {joined}");
        Assert.Equal(impact.Switched + impact.Left, impact.Moved, Tolerance);
    }

    /// <summary>Boundaries that fall on whole buckets give exact shares: no rounding at all.</summary>
    [Fact]
    public void Bucket_aligned_changes_are_exact()
    {
        var impact = ReassignmentImpact.OfHashSpace(Allocation([1, 1], 1), Allocation([60, 40], 1));

        Assert.Equal(new ReassignmentShare(0.1, 0, 0), impact);
    }

    /// <summary>
    /// Counting real subjects agrees with assignment: every subject the count calls switched really gets
    /// another arm from the two compiled experiments, and the total is near the exact 10% share
    /// (Binomial(10000, 0.1): sd 30, ±4 sd = ±120).
    /// </summary>
    [Fact]
    public void Counts_subjects_the_way_assignment_sees_them()
    {
        var subjects = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToArray();
        var before = Allocation([1, 1], 1);
        var after = Allocation([60, 40], 1);

        var count = ReassignmentImpact.OfSubjects("tone-test", before, after, subjects.Append(""));

        var beforeExperiment = ExperimentFixtures.Compile(ExperimentFixtures.Running(ExperimentFixtures.Definition(arms: [.. before.Arms])));
        var afterExperiment = ExperimentFixtures.Compile(ExperimentFixtures.Running(ExperimentFixtures.Definition(arms: [.. after.Arms])));
        var switched = subjects.Count(s =>
            beforeExperiment.Assign(new(s)).ArmIndex != afterExperiment.Assign(new(s)).ArmIndex);
        Assert.Equal(10_001, count.Subjects);
        Assert.Equal(switched, count.Switched);
        Assert.Equal((0, 0), (count.Left, count.Joined));
        Assert.InRange(count.Switched, 1_000 - 120, 1_000 + 120);
    }

    private static ExperimentAllocation Allocation(double[] weights, double coverage) =>
        new(weights.Select((w, i) => new ExperimentArm(((char)('a' + i)).ToString(), i + 1, w)).ToArray(), coverage);
}
