using System.Buffers.Binary;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Caching;

/// <summary>What the cache knows of one request (or one stored entry): exact variables' canonical values and semantic variables' guards.</summary>
public sealed record SemanticCacheSample(
    IReadOnlyDictionary<string, string> ExactValues,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Guards);

/// <summary>Why a candidate is not a hit.</summary>
public enum SemanticMissReason
{
    None,
    ExactVariableDiffers,
    GuardDiffers,
    BelowThreshold,
    BelowFloor,
}

/// <summary>
/// The decision on one candidate. <see cref="IsHit"/>: it may be served (every variable at or above its own threshold).
/// <see cref="IsCandidate"/>: it is at least a would-be hit at the search floor (what shadow mode compares, so the
/// false-hit estimate exists for every threshold above the floor). <see cref="Similarity"/> is the lowest similarity
/// over the semantic variables.
/// </summary>
public sealed record SemanticMatchVerdict(bool IsHit, bool IsCandidate, double Similarity, SemanticMissReason Reason, string? Variable);

/// <summary>
/// Template-aware matching: a cached answer is reused only when every exact variable is equal, every semantic variable
/// is at or above its threshold and the guards (numbers, quoted strings, identifiers) inside each semantic text are
/// equal; ignored variables take no part. Cosine over a whole prompt alone is not safe: one-word near-misses score 0.99.
/// </summary>
public static class SemanticMatch
{
    /// <param name="policies">The version's resolved policies.</param>
    /// <param name="request">The request's exact values and guards.</param>
    /// <param name="candidate">The stored entry's.</param>
    /// <param name="similarity">The cosine of the request's and the entry's embedding of one semantic variable.</param>
    /// <param name="floor">The lowest similarity a would-be hit may have (shadow mode's search floor); null: the thresholds.</param>
    public static SemanticMatchVerdict Decide(
        IReadOnlyList<VariableCachePolicy> policies,
        SemanticCacheSample request,
        SemanticCacheSample candidate,
        Func<string, double> similarity,
        double? floor = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(similarity);

        foreach (var policy in policies)
        {
            if (policy.Policy != CachePolicy.Exact)
                continue;
            if (!string.Equals(Value(request.ExactValues, policy.Name), Value(candidate.ExactValues, policy.Name), StringComparison.Ordinal))
                return Miss(SemanticMissReason.ExactVariableDiffers, policy.Name, 0);
        }

        var lowest = 1.0;
        string? lowestName = null;
        var allAboveThreshold = true;
        string? firstBelow = null;
        var any = false;
        foreach (var policy in policies)
        {
            if (policy.Policy != CachePolicy.Semantic)
                continue;
            any = true;
            if (!SemanticGuards.Same(GuardsOf(request, policy.Name), GuardsOf(candidate, policy.Name)))
                return Miss(SemanticMissReason.GuardDiffers, policy.Name, 0);
            var score = similarity(policy.Name);
            if (score < lowest || lowestName is null)
            {
                lowest = Math.Min(score, 1.0);
                lowestName = policy.Name;
            }

            if (score < policy.Threshold && allAboveThreshold)
            {
                allAboveThreshold = false;
                firstBelow = policy.Name;
            }
        }

        if (!any)
            return Miss(SemanticMissReason.BelowThreshold, null, 0);
        if (allAboveThreshold)
            return new SemanticMatchVerdict(true, true, lowest, SemanticMissReason.None, null);
        var candidateAtFloor = floor is { } f && lowest >= f;
        return new SemanticMatchVerdict(false, candidateAtFloor, lowest, candidateAtFloor ? SemanticMissReason.BelowThreshold : SemanticMissReason.BelowFloor, firstBelow);
    }

    /// <summary>
    /// Whether this execution is one of the served hits verified against the provider: a deterministic draw from the
    /// execution id, so a replay decides the same and the share converges on <paramref name="rate"/>.
    /// </summary>
    public static bool Sampled(Guid executionId, double rate)
    {
        if (rate <= 0)
            return false;
        if (rate >= 1)
            return true;
        Span<byte> bytes = stackalloc byte[16];
        executionId.TryWriteBytes(bytes);
        // A version-7 id starts with its timestamp; its last eight bytes are random.
        var draw = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) / (double)ulong.MaxValue;
        return draw < rate;
    }

    /// <summary>Whether the cached and the fresh answer agree under <paramref name="agreement"/>; <paramref name="answerSimilarity"/> is their embeddings' cosine (embedding method).</summary>
    public static bool Agrees(AnswerAgreement agreement, string cached, string fresh, double? answerSimilarity)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (string.Equals(cached.Trim(), fresh.Trim(), StringComparison.Ordinal))
            return true;
        return agreement.Method == AnswerAgreementMethod.Embedding && answerSimilarity is { } s && s >= agreement.Threshold;
    }

    private static SemanticMatchVerdict Miss(SemanticMissReason reason, string? variable, double similarity) =>
        new(false, false, similarity, reason, variable);

    private static string? Value(IReadOnlyDictionary<string, string> values, string name) => values.GetValueOrDefault(name);

    private static IReadOnlyList<string> GuardsOf(SemanticCacheSample sample, string name) =>
        sample.Guards.TryGetValue(name, out var guards) ? guards : [];
}
