using PromptConsole.Domain.Experiments.Bucketing;

namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// A live canary as routing sees it: requests that resolve to <see cref="Label"/> go to the candidate when
/// their subject's bucket falls under <see cref="Percent"/>. The hash is the experiments' (GrowthBook v2)
/// seeded with the canary's key, so a subject is sticky within a canary and, as the share only grows, a
/// subject once on the candidate stays there at every later step.
/// </summary>
public sealed class CanaryRoute
{
    private readonly HashSeed _seed;
    private readonly int _candidateBuckets;

    public CanaryRoute(string key, string label, int baselineVersion, int candidateVersion, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        Key = key;
        Label = label;
        BaselineVersion = baselineVersion;
        CandidateVersion = candidateVersion;
        Percent = percent;
        _seed = HashSeed.For(key);
        _candidateBuckets = percent * (BucketHash.Resolution / 100);
    }

    /// <summary>The canary's key: route id of its executions and the hash seed.</summary>
    public string Key { get; }

    public string Label { get; }

    public int BaselineVersion { get; }

    public int CandidateVersion { get; }

    /// <summary>The candidate's share of the label's traffic now, 0–100.</summary>
    public int Percent { get; }

    /// <summary>Whether <paramref name="subject"/> (or, without one, the request's own key) is served by the candidate.</summary>
    public bool ServesCandidate(ReadOnlySpan<char> subject) => _seed.Bucket(subject) < _candidateBuckets;
}

/// <summary>Arm names of canary executions (route arm of the record, label of the metrics).</summary>
public static class CanaryArms
{
    public const string Baseline = "baseline";
    public const string Candidate = "candidate";
}
