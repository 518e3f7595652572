namespace PromptConsole.Web.Services.Caching;

/// <summary>What a semantic-cache observation says about a would-be or actual hit.</summary>
public enum SemanticObservationKind
{
    /// <summary>Shadow (or a verification sample while serving): the provider was called anyway and its answer agreed with the cached one.</summary>
    ShadowAgreed,

    /// <summary>Shadow (or a verification sample while serving): the provider's answer disagreed with the cached one — a false hit at this similarity.</summary>
    ShadowDisagreed,

    /// <summary>The cached answer was served; feedback may later mark it wrong.</summary>
    Served,
}

/// <summary>
/// One semantic match the cache found: <paramref name="Similarity"/> is the lowest similarity over the prompt's semantic
/// variables (the one a single threshold is compared with), <paramref name="AnswerSimilarity"/> the cosine of the two answers
/// when they were compared by embedding. No prompt or answer text is kept.
/// </summary>
public sealed record SemanticCacheObservation(
    Guid ExecutionId,
    string PromptKey,
    int PromptVersion,
    string? Tenant,
    DateTimeOffset At,
    double Similarity,
    SemanticObservationKind Kind,
    double? AnswerSimilarity);

/// <summary>Where the semantic cache reports its matches for the false-hit estimate; never blocks the request.</summary>
public interface ISemanticCacheObservations
{
    void Record(SemanticCacheObservation observation);
}
