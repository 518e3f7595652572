namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>The number format of the in-process model's weights (<c>PromptConsole:Embeddings:Precision</c>).</summary>
public enum EmbeddingPrecision
{
    /// <summary>The package's weights as they ship.</summary>
    Float32,

    /// <summary>
    /// The MatMul weights quantised to 8 bits at load time (dynamic quantisation: activations are quantised per call);
    /// embeddings, layer norms and the rest stay fp32. Vectors differ slightly from fp32's, so they live in their own
    /// cache partitions.
    /// </summary>
    Int8,
}

/// <summary>The names <c>PromptConsole:Embeddings:Precision</c> takes.</summary>
public static class EmbeddingPrecisions
{
    public const string Float32 = nameof(EmbeddingPrecision.Float32);
    public const string Int8 = nameof(EmbeddingPrecision.Int8);

    public static readonly IReadOnlyList<string> All = [Float32, Int8];

    /// <summary>Case-insensitive; numbers (which <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> would take) are refused.</summary>
    public static bool TryParse(string? name, out EmbeddingPrecision precision)
    {
        precision = EmbeddingPrecision.Float32;
        if (string.Equals(name, Float32, StringComparison.OrdinalIgnoreCase))
            return true;
        if (!string.Equals(name, Int8, StringComparison.OrdinalIgnoreCase))
            return false;
        precision = EmbeddingPrecision.Int8;
        return true;
    }
}
