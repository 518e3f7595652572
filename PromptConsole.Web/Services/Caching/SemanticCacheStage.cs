using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Embeddings;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Services.Caching;

/// <summary>What the pipeline does after a semantic lookup.</summary>
public enum SemanticAction
{
    /// <summary>Nothing close enough: call the provider and store its answer.</summary>
    Miss,

    /// <summary>Serve the cached answer.</summary>
    Serve,

    /// <summary>A hit in serve mode drawn for verification: call the provider anyway, answer with its answer, compare.</summary>
    Verify,

    /// <summary>Shadow mode found a would-be hit: call the provider (always), compare, serve nothing.</summary>
    Shadow,
}

/// <summary>One request's semantic lookup, carried from before the provider call to after it.</summary>
public sealed record SemanticLookup(SemanticQuery Query, SemanticCacheSettings Settings, SemanticCandidate? Candidate, SemanticAction Action, string? Tenant)
{
    public static string NameOf(SemanticAction action) => action.ToString().ToLowerInvariant();
}

/// <summary>
/// The semantic cache as a pipeline stage, after the exact cache missed (or is off). <see cref="LookupAsync"/> embeds
/// the request's semantic variables (micro-batched), searches its partition and decides: serve, verify a sample, shadow,
/// or miss. After the provider answered, <see cref="CompleteAsync"/> compares the answers of a verification or a shadow
/// lookup (an observation for the false-hit estimate) and stores a miss's answer if it passed the output checks.
/// Failures of the embedding model never fail a request: the stage steps aside.
/// </summary>
public sealed partial class SemanticCacheStage(
    SemanticResponseCache cache,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    ISemanticCacheObservations observations,
    SemanticCacheStatistics statistics,
    PromptConsoleMetrics metrics,
    PromptConsoleTracing tracing,
    TimeProvider time,
    ILogger<SemanticCacheStage> logger)
{
    /// <summary>The trace stage that embeds the request's semantic variables and searches the index.</summary>
    public const string Stage = "semantic_cache";

    /// <summary>Its child span: the time to embed the semantic variables (the model's share of the stage).</summary>
    public const string EmbeddingStage = "embedding";

    /// <summary>A managed prompt's lookup: its semantic variables compared, its exact variables in the partition.</summary>
    public ValueTask<SemanticLookup?> LookupAsync(
        PromptSnapshot prompt, PromptVersion version, IReadOnlyDictionary<string, string> canonicalValues, string? tenant, Guid executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(canonicalValues);
        var settings = prompt.SemanticCache;
        if (!settings.Enabled)
            return ValueTask.FromResult<SemanticLookup?>(null);
        var policies = SemanticVariablePolicies.Resolve(version.Variables, settings);
        if (policies.All(p => p.Policy != CachePolicy.Semantic))
            return ValueTask.FromResult<SemanticLookup?>(null);
        return SearchAsync(
            prompt.Key, version.Number, embeddingModel => SemanticPartitionKey.Compute(prompt.Key, version.Number, version.Model, tenant, policies, canonicalValues, embeddingModel),
            policies, canonicalValues, settings, tenant, executionId, cancellationToken);
    }

    /// <summary>
    /// A raw conversation's lookup (whole-prompt matching, <see cref="ConversationSemanticCache"/>): the last user
    /// message compared, every earlier message, the model settings and the tenant in the partition. <paramref name="key"/>
    /// and <paramref name="version"/> are the record's (<c>_chat</c>, 0): entries, figures, metrics and observations of
    /// raw conversations go under them. A conversation that is not a subject (see <see cref="ConversationSplitRefusal"/>)
    /// is not looked up.
    /// </summary>
    public ValueTask<SemanticLookup?> LookupConversationAsync(
        string key, int version, ModelSettings model, IReadOnlyList<ConversationTurn> turns, SemanticCacheSettings settings, string? tenant, Guid executionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
            return ValueTask.FromResult<SemanticLookup?>(null);
        var split = ConversationSemanticCache.Split(turns);
        if (!split.IsSubject)
        {
            metrics.RecordSemanticLookup(key, "skipped");
            return ValueTask.FromResult<SemanticLookup?>(null);
        }

        var policies = ConversationSemanticCache.Policies(settings.Threshold);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ConversationSemanticCache.ContextVariable] = split.Context!,
            [ConversationSemanticCache.TextVariable] = split.Compared!,
        };
        return SearchAsync(
            key, version, embeddingModel => SemanticPartitionKey.Compute(key, version, model, tenant, policies, values, embeddingModel),
            policies, values, settings, tenant, executionId, cancellationToken);
    }

    /// <summary>
    /// Embeds the semantic variables (micro-batched), searches the partition and decides: serve, verify a sample,
    /// shadow, or miss. Any failure steps aside (null) rather than failing the request.
    /// </summary>
    private async ValueTask<SemanticLookup?> SearchAsync(
        string key, int version, Func<string, string> partitionOf, IReadOnlyList<VariableCachePolicy> policies, IReadOnlyDictionary<string, string> values,
        SemanticCacheSettings settings, string? tenant, Guid executionId, CancellationToken cancellationToken)
    {
        var semantic = policies.Where(p => p.Policy == CachePolicy.Semantic).Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        using var span = tracing.StartStage(Stage);
        try
        {
            var texts = semantic.Select(name => values.GetValueOrDefault(name) ?? string.Empty).ToArray();
            var started = time.GetTimestamp();
            GeneratedEmbeddings<Embedding<float>> vectors;
            using (var embeddingSpan = tracing.StartStage(EmbeddingStage))
            {
                vectors = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken);
                embeddingSpan?.SetTag("promptconsole.embedding.inputs", texts.Length);
            }

            var embedded = time.GetElapsedTime(started);
            metrics.RecordEmbedding(embedded);
            span?.SetTag("promptconsole.cache.embedding_ms", embedded.TotalMilliseconds);

            var byName = new Dictionary<string, float[]>(StringComparer.Ordinal);
            var guards = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            for (var i = 0; i < semantic.Length; i++)
            {
                byName[semantic[i]] = vectors[i].Vector.ToArray();
                guards[semantic[i]] = SemanticGuards.Extract(texts[i]);
            }

            // The partition names the vectors' model and precision, known once they are made.
            var partition = partitionOf(EmbeddingModelOf(vectors[0]));
            var query = new SemanticQuery(key, version, partition, policies, semantic[0], byName, guards);
            var floor = settings.Mode == SemanticCacheMode.Shadow
                ? Math.Min(SemanticCacheSettings.ShadowFloor, policies.Where(p => p.Policy == CachePolicy.Semantic).Min(p => p.Threshold))
                : policies.Where(p => p.Policy == CachePolicy.Semantic).Min(p => p.Threshold);
            var candidate = await cache.FindAsync(query, settings, floor, cancellationToken);
            var action = settings.Mode switch
            {
                SemanticCacheMode.Serve when candidate is { Verdict.IsHit: true } => SemanticMatch.Sampled(executionId, settings.VerificationRate) ? SemanticAction.Verify : SemanticAction.Serve,
                SemanticCacheMode.Shadow when candidate is not null => SemanticAction.Shadow,
                _ => SemanticAction.Miss,
            };
            metrics.RecordSemanticLookup(key, SemanticLookup.NameOf(action));
            statistics.Lookup(key, action == SemanticAction.Serve);
            span?.SetTag(SpanAttributeNames.CacheLevel, action == SemanticAction.Serve ? SemanticCacheStatus.Hit : "semantic-" + SemanticLookup.NameOf(action));
            if (candidate is not null)
                span?.SetTag("promptconsole.cache.similarity", candidate.Verdict.Similarity);
            return new SemanticLookup(query, settings, candidate, action, tenant);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PromptConsoleTracing.SetError(span, "semantic_cache_failed");
            LogLookupFailed(exception, key);
            return null;
        }
    }

    /// <summary>A served hit: an observation (feedback may later call it wrong) and the tokens and dollars it saved.</summary>
    public void Served(SemanticLookup lookup, Guid executionId)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (lookup.Candidate is not { } candidate)
            return;
        var answer = candidate.Entry.Answer;
        statistics.Saved(lookup.Query.PromptKey, answer.Tokens, answer.CostUsd);
        observations.Record(new SemanticCacheObservation(
            executionId, lookup.Query.PromptKey, lookup.Query.Version, lookup.Tenant, time.GetUtcNow(), candidate.Verdict.Similarity, SemanticObservationKind.Served, null));
    }

    /// <summary>
    /// After the provider answered: compares the answers of a verification or a shadow lookup and stores a miss's
    /// answer. <paramref name="fresh"/> is null when the provider failed or the answer failed the output checks.
    /// </summary>
    public async Task CompleteAsync(SemanticLookup lookup, Guid executionId, CachedAnswer? fresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        if (fresh is null)
            return;
        try
        {
            if (lookup.Action is SemanticAction.Verify or SemanticAction.Shadow && lookup.Candidate is { } candidate)
                await CompareAsync(lookup, candidate, executionId, fresh, cancellationToken);

            // A would-be hit at the serving threshold already has its entry; anything less close is worth keeping.
            if (lookup.Action == SemanticAction.Miss || (lookup.Action == SemanticAction.Shadow && lookup.Candidate is { Verdict.IsHit: false }))
                cache.Store(lookup.Query, fresh, lookup.Settings);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCompleteFailed(exception, lookup.Query.PromptKey);
        }
    }

    private async Task CompareAsync(SemanticLookup lookup, SemanticCandidate candidate, Guid executionId, CachedAnswer fresh, CancellationToken cancellationToken)
    {
        var cached = candidate.Entry.Answer.Text;
        double? answerSimilarity = null;
        if (lookup.Settings.Agreement.Method == AnswerAgreementMethod.Embedding && !string.Equals(cached.Trim(), fresh.Text.Trim(), StringComparison.Ordinal))
        {
            var vectors = await embeddings.GenerateAsync([cached, fresh.Text], cancellationToken: cancellationToken);
            answerSimilarity = Math.Clamp(TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span), -1f, 1f);
        }
        else if (lookup.Settings.Agreement.Method == AnswerAgreementMethod.Embedding)
        {
            answerSimilarity = 1;
        }

        var agreed = SemanticMatch.Agrees(lookup.Settings.Agreement, cached, fresh.Text, answerSimilarity);
        statistics.Shadow(lookup.Query.PromptKey, agreed, lookup.Action == SemanticAction.Verify);
        metrics.RecordSemanticShadow(lookup.Query.PromptKey, agreed);
        observations.Record(new SemanticCacheObservation(
            executionId,
            lookup.Query.PromptKey,
            lookup.Query.Version,
            lookup.Tenant,
            time.GetUtcNow(),
            candidate.Verdict.Similarity,
            agreed ? SemanticObservationKind.ShadowAgreed : SemanticObservationKind.ShadowDisagreed,
            answerSimilarity));
    }

    /// <summary>The answer a semantic hit serves, as the exact cache holds answers.</summary>
    /// <summary>
    /// Which vector space the request's vectors are in: the model that made them (for MiniLM with its precision, see
    /// <see cref="MiniLmModel.VectorModelId"/>) and their length. Part of the partition, so vectors of another model,
    /// precision or size are never compared with these.
    /// </summary>
    public static string EmbeddingModelOf(Embedding<float> embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return string.Create(CultureInfo.InvariantCulture, $"{embedding.ModelId}/{embedding.Vector.Length}");
    }

    public static CachedAnswer AnswerOf(ModelCallOutcome outcome, decimal costUsd, DateTimeOffset at) =>
        new(outcome.Text!, outcome.Model, outcome.Simulated, outcome.InputTokens, outcome.OutputTokens, costUsd, at);

    [LoggerMessage(EventId = 1325, Level = LogLevel.Warning, Message = "The semantic cache lookup of {PromptKey} failed; the request goes on without it")]
    private partial void LogLookupFailed(Exception exception, string promptKey);

    [LoggerMessage(EventId = 1326, Level = LogLevel.Warning, Message = "Comparing or storing the semantic cache answer of {PromptKey} failed")]
    private partial void LogCompleteFailed(Exception exception, string promptKey);
}
