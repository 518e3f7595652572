using Microsoft.Extensions.AI;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 in process behind <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>. Every input is
/// queued on its own, so inputs of concurrent callers (and of one caller's list) share ONNX runs; a text embedded
/// recently is answered from <see cref="RecentEmbeddings"/> without a run.
/// </summary>
public sealed class MiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly MiniLmModel _model;
    private readonly TimeProvider _time;
    private readonly EmbeddingBatcher<(float[] Vector, int Tokens)> _batcher;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly string _modelId;
    private readonly string _vectorModelId;
    private readonly RecentEmbeddings _recent;

    public MiniLmEmbeddingGenerator(MiniLmModel model, EmbeddingsOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _time = time;
        _modelId = options.ModelId;
        _vectorModelId = model.VectorModelId;
        _metadata = new EmbeddingGeneratorMetadata(EmbeddingProviders.MiniLm, defaultModelId: _modelId, defaultModelDimensions: MiniLmModel.Dimensions);
        _batcher = new EmbeddingBatcher<(float[], int)>(RunBatch, options.MaxBatch, TimeSpan.FromMilliseconds(options.BatchWindowMs), time);
        _recent = new RecentEmbeddings(options.RecentTexts);
    }

    /// <summary>The memo of recent texts (hits, misses).</summary>
    public RecentEmbeddings Recent => _recent;

    /// <summary>The micro-batcher's counters (batches, inputs, largest batch).</summary>
    public EmbeddingBatcher<(float[] Vector, int Tokens)> Batcher => _batcher;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } dimensions && dimensions != MiniLmModel.Dimensions)
            throw new ArgumentException($"{_modelId} returns {MiniLmModel.Dimensions} dimensions, not {dimensions}.", nameof(options));

        var queued = values.Select(value => EmbedAsync(value, cancellationToken)).ToArray();
        var results = await Task.WhenAll(queued).ConfigureAwait(false);
        var created = _time.GetUtcNow();
        var tokens = 0L;
        var embeddings = new List<Embedding<float>>(results.Length);
        foreach (var (vector, count) in results)
        {
            tokens += count;
            // The vector's own model id says precision too (all-minilm-l6-v2/int8-…): the semantic cache partitions by it.
            embeddings.Add(new Embedding<float>(vector) { ModelId = _vectorModelId, CreatedAt = created });
        }

        return new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        };
    }

    private Task<(float[] Vector, int Tokens)> EmbedAsync(string value, CancellationToken cancellationToken) =>
        _recent.TryGet(value, out var vector, out var tokens)
            ? Task.FromResult((vector, tokens))
            : EmbedAndRememberAsync(value, cancellationToken);

    private async Task<(float[] Vector, int Tokens)> EmbedAndRememberAsync(string value, CancellationToken cancellationToken)
    {
        var result = await _batcher.EnqueueAsync(value, cancellationToken).ConfigureAwait(false);
        _recent.Remember(value, result.Vector, result.Tokens);
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return _metadata;
        if (serviceType == typeof(MiniLmModel))
            return _model;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    private IReadOnlyList<(float[], int)> RunBatch(IReadOnlyList<string> inputs)
    {
        var encoded = _model.Encode(inputs);
        var results = new (float[], int)[inputs.Count];
        for (var i = 0; i < results.Length; i++)
            results[i] = (encoded.Vectors[i], encoded.TokenCounts[i]);
        return results;
    }

    public void Dispose() => _batcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
