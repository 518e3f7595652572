namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>
/// How <see cref="DynamicInt8Quantizer"/> stores a MatMul's weights.
/// <list type="bullet">
/// <item><see cref="SignedWeights"/>: int8 weights, symmetric (zero point 0), as onnxruntime's <c>quantize_dynamic</c>
/// does by default; otherwise uint8 with a zero point (ONNX Runtime then runs its u8×u8 kernel).</item>
/// <item><see cref="PerColumn"/>: one scale per output column rather than one for the whole matrix.</item>
/// <item><see cref="ReduceRange"/>: 7-bit weights. On AVX2 without VNNI, u8×s8 products are summed in pairs into
/// saturating 16-bit lanes (<c>vpmaddubsw</c>): 255 × 127 × 2 overflows, 255 × 64 × 2 does not.</item>
/// <item><see cref="FoldBias"/>: the Add of a constant bias right after the MatMul becomes the operator's bias input.</item>
/// </list>
/// </summary>
public sealed record Int8QuantizationSettings(bool SignedWeights, bool PerColumn, bool ReduceRange, bool FoldBias)
{
    /// <summary>
    /// Picked by measurement on all-MiniLM-L6-v2 (bench part 5, the int8 parity and STS-B tests): signed 7-bit weights
    /// per column, bias folded.
    /// </summary>
    public static Int8QuantizationSettings Default { get; } = new(SignedWeights: true, PerColumn: true, ReduceRange: true, FoldBias: true);

    /// <summary>A short name for file names and reports, e.g. <c>s8-col-r7-bias</c>.</summary>
    public string Tag =>
        $"{(SignedWeights ? "s8" : "u8")}-{(PerColumn ? "col" : "tensor")}{(ReduceRange ? "-r7" : string.Empty)}{(FoldBias ? "-bias" : string.Empty)}";
}
