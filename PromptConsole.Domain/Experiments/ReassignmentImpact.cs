using PromptConsole.Domain.Experiments.Bucketing;

namespace PromptConsole.Domain.Experiments;

/// <summary>
/// Shares of hash space a change of allocation affects: <paramref name="Switched"/> moves from one arm
/// to another, <paramref name="Left"/> drops out of the experiment, <paramref name="Joined"/> comes in
/// from outside it. Subjects already enrolled only change experience in the first two.
/// </summary>
public readonly record struct ReassignmentShare(double Switched, double Left, double Joined)
{
    /// <summary>Enrolled subjects whose experience changes: what needs the operator's confirmation.</summary>
    public double Moved => Switched + Left;
}

/// <summary>The same split counted over a list of subject ids.</summary>
public readonly record struct ReassignmentCount(int Subjects, int Switched, int Left, int Joined)
{
    public int Moved => Switched + Left;
}

/// <summary>What changing the weights or coverage of a live experiment does to the subjects already in it.</summary>
public static class ReassignmentImpact
{
    /// <summary>
    /// Exact, not sampled: the hash takes only <see cref="BucketHash.Resolution"/> positions, so every one
    /// is checked against both range sets. Arms are matched by name.
    /// </summary>
    public static ReassignmentShare OfHashSpace(ExperimentAllocation before, ExperimentAllocation after)
    {
        var (rangesBefore, rangesAfter) = (before.Ranges(), after.Ranges());
        int switched = 0, left = 0, joined = 0;
        for (var bucket = 0; bucket < BucketHash.Resolution; bucket++)
        {
            var position = HashSeed.PositionOf(bucket);
            Tally(ArmAt(before, rangesBefore, position), ArmAt(after, rangesAfter, position), ref switched, ref left, ref joined);
        }

        const double resolution = BucketHash.Resolution;
        return new ReassignmentShare(switched / resolution, left / resolution, joined / resolution);
    }

    /// <summary>The same comparison for each subject id, hashed with <paramref name="seed"/> (the experiment key).</summary>
    public static ReassignmentCount OfSubjects(string seed, ExperimentAllocation before, ExperimentAllocation after, IEnumerable<string> subjects)
    {
        var hash = HashSeed.For(seed);
        var (rangesBefore, rangesAfter) = (before.Ranges(), after.Ranges());
        int count = 0, switched = 0, left = 0, joined = 0;
        foreach (var subject in subjects)
        {
            count++;
            if (string.IsNullOrEmpty(subject))
                continue;
            var position = hash.Position(subject);
            Tally(ArmAt(before, rangesBefore, position), ArmAt(after, rangesAfter, position), ref switched, ref left, ref joined);
        }

        return new ReassignmentCount(count, switched, left, joined);
    }

    private static string? ArmAt(ExperimentAllocation allocation, BucketRange[] ranges, double position)
    {
        var index = BucketRanges.ChooseVariation(position, ranges);
        return index < 0 ? null : allocation.Arms[index].Name;
    }

    private static void Tally(string? armBefore, string? armAfter, ref int switched, ref int left, ref int joined)
    {
        if (armBefore is null && armAfter is not null)
            joined++;
        else if (armBefore is not null && armAfter is null)
            left++;
        else if (!string.Equals(armBefore, armAfter, StringComparison.Ordinal))
            switched++;
    }
}
