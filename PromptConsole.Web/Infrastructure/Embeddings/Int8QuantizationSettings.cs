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
    /// Picked by measurement on all-MiniLM-L6-v2 (cosine against fp32 over 400 STS-B dev sentences, mean / min; STS-B dev
    /// Spearman, fp32 0.8672): per tensor s8 0.970 / 0.933 (0.8646), s8 7-bit 0.889 / 0.808 (0.8575), u8 0.985 / 0.971
    /// (0.8668); per column s8 0.9929 / 0.988 (0.8653), s8 7-bit 0.9932 / 0.988 (0.8659), u8 0.9942 / 0.989 (0.8658).
    /// Per column is what matters; u8 weights ran 10–15 % slower than s8 on this AVX2 CPU, and 7-bit costs nothing
    /// here while it rules out the 16-bit saturation. Folding the bias changes neither accuracy nor speed measurably.
    /// </summary>
    public static Int8QuantizationSettings Default { get; } = new(SignedWeights: true, PerColumn: true, ReduceRange: true, FoldBias: true);

    /// <summary>A short name for file names and reports, e.g. <c>s8-col-r7-bias</c>.</summary>
    public string Tag =>
        $"{(SignedWeights ? "s8" : "u8")}-{(PerColumn ? "col" : "tensor")}{(ReduceRange ? "-r7" : string.Empty)}{(FoldBias ? "-bias" : string.Empty)}";
}
