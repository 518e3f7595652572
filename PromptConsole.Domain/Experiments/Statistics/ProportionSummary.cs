namespace PromptConsole.Domain.Experiments.Statistics;

/// <summary>One arm's count of trials (executions) and of successes among them (succeeded, check passed).</summary>
public readonly record struct ProportionSummary
{
    public ProportionSummary(long count, long successes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, count);
        Count = count;
        Successes = successes;
    }

    public long Count { get; }

    public long Successes { get; }

    /// <summary>Successes over trials; 0 when there were no trials.</summary>
    public double Rate => Count == 0 ? 0 : (double)Successes / Count;

    /// <summary>
    /// The Bernoulli variance p(1 − p) of one trial. GrowthBook uses this (not the n − 1 sample variance) for
    /// proportion metrics, so effects on rates computed from it match GrowthBook's.
    /// </summary>
    public double BernoulliVariance => Rate * (1 - Rate);
}
