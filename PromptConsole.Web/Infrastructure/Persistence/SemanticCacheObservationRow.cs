using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One stored semantic-cache observation (table <c>semantic_cache_observations</c>): a shadow comparison or a served
/// semantic hit, with the match's similarity. No prompt or answer text. A served hit that an operator marked as a
/// wrong cached answer carries when and by whom; the false-hit estimate counts it as a false hit.
/// </summary>
public sealed class SemanticCacheObservationRow
{
    private SemanticCacheObservationRow()
    {
        PromptKey = Kind = string.Empty;
    }

    public SemanticCacheObservationRow(Guid id, SemanticCacheObservation observation)
        : this()
    {
        ArgumentNullException.ThrowIfNull(observation);
        Id = id;
        ExecutionId = observation.ExecutionId;
        PromptKey = observation.PromptKey;
        PromptVersion = observation.PromptVersion;
        Tenant = observation.Tenant;
        At = observation.At;
        Similarity = observation.Similarity;
        Kind = SemanticObservationKindNames.Of(observation.Kind);
        AnswerSimilarity = observation.AnswerSimilarity;
    }

    public Guid Id { get; private set; }

    public Guid ExecutionId { get; private set; }

    public string PromptKey { get; private set; }

    public int PromptVersion { get; private set; }

    public string? Tenant { get; private set; }

    public DateTimeOffset At { get; private set; }

    public double Similarity { get; private set; }

    /// <summary>The API name (<c>shadow-agreed</c>, <c>shadow-disagreed</c>, <c>served</c>), so rows survive enum reordering.</summary>
    public string Kind { get; private set; }

    public double? AnswerSimilarity { get; private set; }

    public DateTimeOffset? MarkedWrongAt { get; private set; }

    public string? MarkedWrongBy { get; private set; }

    /// <summary>A served answer is a false hit once someone marked it wrong; a shadow one when the provider disagreed.</summary>
    public bool IsFalseHit => Kind == SemanticObservationKindNames.ShadowDisagreed || MarkedWrongAt is not null;

    public void MarkWrong(string actor, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (Kind != SemanticObservationKindNames.Served)
            throw new InvalidOperationException("Only a served semantic hit can be marked as a wrong cached answer.");
        MarkedWrongAt ??= at;
        MarkedWrongBy ??= actor;
    }
}
