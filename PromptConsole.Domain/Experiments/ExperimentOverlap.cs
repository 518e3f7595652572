using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Domain.Experiments;

/// <summary>
/// Two live experiments may not claim the same audience of one prompt: the later one would only ever
/// get the requests the earlier one's targeting lets through, which is none of them.
/// </summary>
public static class ExperimentOverlap
{
    /// <summary>Same prompt, and both untargeted or targeting the same conditions (in any order).</summary>
    public static bool Overlaps(ExperimentDefinition first, ExperimentDefinition second) =>
        string.Equals(first.PromptKey, second.PromptKey, StringComparison.Ordinal)
        && TargetingRules.SameAudience(first.Targeting, second.Targeting);

    /// <summary>The first live experiment (routing order) other than <paramref name="candidate"/> that overlaps it, or null.</summary>
    public static Experiment? FirstOverlapping(Experiment candidate, IEnumerable<Experiment> others) =>
        others
            .Where(o => o.IsLive && !string.Equals(o.Key, candidate.Key, StringComparison.Ordinal))
            .OrderBy(o => o.StartedAt)
            .ThenBy(o => o.Key, StringComparer.Ordinal)
            .FirstOrDefault(o => Overlaps(candidate.Definition, o.Definition));
}
