using PromptConsole.Domain.Experiments.Bucketing;

namespace PromptConsole.Domain.Experiments;

/// <summary>How an experiment splits hash space: its arms' weights and its coverage.</summary>
public sealed record ExperimentAllocation(IReadOnlyList<ExperimentArm> Arms, double Coverage)
{
    public BucketRange[] Ranges() => BucketRanges.Compute(Arms.Select(a => a.Weight).ToArray(), Coverage);
}
