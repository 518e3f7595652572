using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace PromptConsole.Web.Infrastructure.Embeddings;

/// <summary>One MatMul the quantiser rewrote: its name, the weight's shape and whether a bias Add was folded into it.</summary>
public sealed record QuantizedMatMul(string Node, string Weight, int Rows, int Columns, string? FoldedBiasAdd);

/// <summary>What <see cref="DynamicInt8Quantizer.Quantize(ModelProto, Int8QuantizationSettings)"/> changed.</summary>
public sealed record Int8QuantizationReport(Int8QuantizationSettings Settings, IReadOnlyList<QuantizedMatMul> MatMuls, int SkippedMatMuls, long Float32WeightBytes, long Int8WeightBytes);

/// <summary>
/// Dynamic int8 quantisation of an ONNX model, as onnxruntime's <c>quantize_dynamic</c> does it for MatMul (its
/// Python tool is not available here): every <c>MatMul</c> whose second input is a constant 2-D float initializer
/// becomes ONNX Runtime's contrib operator <c>com.microsoft.DynamicQuantizeMatMul(A, B_int8, b_scale,
/// b_zero_point, bias?)</c>, which quantises the activations A to uint8 per call and multiplies in integers.
/// Everything else (Gather of the embeddings, LayerNorm, Softmax, the attention's activation×activation MatMuls)
/// stays fp32. Pure: a model in, the rewritten model out.
/// </summary>
public static class DynamicInt8Quantizer
{
    /// <summary>Bumped whenever the output changes for the same input, so cached quantised files are made again.</summary>
    public const int Version = 1;

    public const string OperatorDomain = "com.microsoft";
    public const string OperatorType = "DynamicQuantizeMatMul";

    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int8Type = (int)TensorProto.Types.DataType.Int8;
    private const int UInt8Type = (int)TensorProto.Types.DataType.Uint8;

    /// <summary>Parses <paramref name="model"/>, rewrites it and returns the serialised result.</summary>
    public static byte[] Quantize(ReadOnlySpan<byte> model, Int8QuantizationSettings settings, out Int8QuantizationReport report)
    {
        var parsed = ModelProto.Parser.ParseFrom(model);
        report = Quantize(parsed, settings);
        return parsed.ToByteArray();
    }

    /// <summary>Rewrites <paramref name="model"/> in place.</summary>
    public static Int8QuantizationReport Quantize(ModelProto model, Int8QuantizationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        var graph = model.Graph ?? throw new InvalidOperationException("The model has no graph.");
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        // An initializer that is also a graph input can be overridden by the caller: not a constant.
        var graphInputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = Consumers(graph);

        var rewritten = new List<QuantizedMatMul>();
        var skipped = 0;
        var removedNodes = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        var replaced = new Dictionary<NodeProto, NodeProto>(ReferenceEqualityComparer.Instance);
        var quantizedWeights = new Dictionary<string, (string Quantized, string Scale, string ZeroPoint)>(StringComparer.Ordinal);
        var newInitializers = new List<TensorProto>();
        long floatBytes = 0, int8Bytes = 0;

        foreach (var node in graph.Node)
        {
            if (node.OpType != "MatMul" || !string.IsNullOrEmpty(node.Domain) || node.Input.Count != 2)
                continue;
            var weightName = node.Input[1];
            if (graphInputs.Contains(weightName) || !initializers.TryGetValue(weightName, out var weight)
                || weight.DataType != FloatType || weight.Dims.Count != 2)
            {
                skipped++;
                continue;
            }

            var rows = checked((int)weight.Dims[0]);
            var columns = checked((int)weight.Dims[1]);
            if (!quantizedWeights.TryGetValue(weightName, out var names))
            {
                var values = FloatsOf(weight, rows * columns);
                names = ($"{weightName}_quantized", $"{weightName}_scale", $"{weightName}_zero_point");
                var (quantized, scale, zeroPoint) = QuantizeWeight(values, rows, columns, names, settings);
                newInitializers.Add(quantized);
                newInitializers.Add(scale);
                newInitializers.Add(zeroPoint);
                quantizedWeights[weightName] = names;
                floatBytes += values.Length * 4L;
                int8Bytes += values.Length;
            }

            var output = node.Output[0];
            NodeProto? biasAdd = null;
            string? bias = null;
            if (settings.FoldBias && !graphOutputs.Contains(output)
                && consumers.TryGetValue(output, out var users) && users.Count == 1 && users[0] is { OpType: "Add", Input.Count: 2 } add
                && string.IsNullOrEmpty(add.Domain))
            {
                var other = add.Input[0] == output ? add.Input[1] : add.Input[0];
                if (add.Input[0] != add.Input[1] && !graphInputs.Contains(other) && initializers.TryGetValue(other, out var biasTensor)
                    && biasTensor.DataType == FloatType && biasTensor.Dims.Count == 1 && biasTensor.Dims[0] == columns)
                {
                    biasAdd = add;
                    bias = other;
                }
            }

            var quantizedNode = new NodeProto
            {
                Name = string.IsNullOrEmpty(node.Name) ? $"{output}_quant" : $"{node.Name}_quant",
                OpType = OperatorType,
                Domain = OperatorDomain,
            };
            quantizedNode.Input.Add(node.Input[0]);
            quantizedNode.Input.Add(names.Quantized);
            quantizedNode.Input.Add(names.Scale);
            quantizedNode.Input.Add(names.ZeroPoint);
            if (bias is not null)
                quantizedNode.Input.Add(bias);
            quantizedNode.Output.Add(biasAdd is null ? output : biasAdd.Output[0]);
            replaced[node] = quantizedNode;
            if (biasAdd is not null)
                removedNodes.Add(biasAdd);
            rewritten.Add(new QuantizedMatMul(node.Name, weightName, rows, columns, biasAdd?.Name));
        }

        // Rebuild the node list in the same order: each replacement sits where its MatMul was (its folded Add only
        // read the MatMul's output and a constant, so nothing between them needs the Add's output earlier).
        var nodes = graph.Node.Where(n => !removedNodes.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
        graph.Node.Clear();
        graph.Node.Add(nodes);

        // The fp32 weights nothing reads any more.
        var stillRead = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var name in quantizedWeights.Keys.Where(name => !stillRead.Contains(name)))
            graph.Initializer.Remove(initializers[name]);
        graph.Initializer.Add(newInitializers);

        if (rewritten.Count > 0 && !model.OpsetImport.Any(o => o.Domain == OperatorDomain))
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = OperatorDomain, Version = 1 });

        return new Int8QuantizationReport(settings, rewritten, skipped, floatBytes, int8Bytes);
    }

    /// <summary>
    /// onnxruntime's <c>quantize_dynamic</c> arithmetic: signed weights symmetric over [−127, 127] ([−64, 64] with
    /// reduce_range), scale = max|w| ÷ 127; unsigned weights asymmetric over [0, 255] ([0, 127]) of the range widened to
    /// include 0, zero point = round(−min ÷ scale). Rounding half to even, as numpy does.
    /// </summary>
    internal static (TensorProto Quantized, TensorProto Scale, TensorProto ZeroPoint) QuantizeWeight(
        ReadOnlySpan<float> values, int rows, int columns, (string Quantized, string Scale, string ZeroPoint) names, Int8QuantizationSettings settings)
    {
        var groups = settings.PerColumn ? columns : 1;
        var scales = new float[groups];
        var zeroPoints = new byte[groups];
        var minimum = new float[groups];
        var maximum = new float[groups];
        for (var r = 0; r < rows; r++)
        {
            var row = values.Slice(r * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                var g = settings.PerColumn ? c : 0;
                minimum[g] = MathF.Min(minimum[g], row[c]);
                maximum[g] = MathF.Max(maximum[g], row[c]);
            }
        }

        for (var g = 0; g < groups; g++)
        {
            if (settings.SignedWeights)
            {
                var limit = settings.ReduceRange ? 64f : 127f;
                var absMax = MathF.Max(-minimum[g], maximum[g]);
                scales[g] = absMax > 0 ? absMax / limit : 1f;
                zeroPoints[g] = 0;
            }
            else
            {
                var limit = settings.ReduceRange ? 127f : 255f;
                var range = maximum[g] - minimum[g];
                scales[g] = range > 0 ? range / limit : 1f;
                zeroPoints[g] = (byte)Math.Clamp(MathF.Round(-minimum[g] / scales[g], MidpointRounding.ToEven), 0, limit);
            }
        }

        var quantized = new byte[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var g = settings.PerColumn ? c : 0;
                var q = MathF.Round(values[(r * columns) + c] / scales[g], MidpointRounding.ToEven);
                quantized[(r * columns) + c] = settings.SignedWeights
                    ? unchecked((byte)(sbyte)Math.Clamp(q, settings.ReduceRange ? -64f : -127f, settings.ReduceRange ? 64f : 127f))
                    : (byte)Math.Clamp(q + zeroPoints[g], 0f, settings.ReduceRange ? 127f : 255f);
            }
        }

        var type = settings.SignedWeights ? Int8Type : UInt8Type;
        var weight = new TensorProto { Name = names.Quantized, DataType = type, RawData = ByteString.CopyFrom(quantized) };
        weight.Dims.Add(rows);
        weight.Dims.Add(columns);
        var scale = new TensorProto { Name = names.Scale, DataType = FloatType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(scales.AsSpan())) };
        var zeroPoint = new TensorProto { Name = names.ZeroPoint, DataType = type, RawData = ByteString.CopyFrom(zeroPoints) };
        if (settings.PerColumn)
        {
            scale.Dims.Add(columns);
            zeroPoint.Dims.Add(columns);
        }

        return (weight, scale, zeroPoint);
    }

    private static float[] FloatsOf(TensorProto tensor, int count)
    {
        float[] values;
        if (!tensor.RawData.IsEmpty)
        {
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
            values = MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }
        else
        {
            values = [.. tensor.FloatData];
        }

        if (values.Length != count)
            throw new InvalidOperationException($"Initializer {tensor.Name} holds {values.Length} floats, its shape says {count}.");
        return values;
    }

    private static Dictionary<string, List<NodeProto>> Consumers(GraphProto graph)
    {
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                if (!consumers.TryGetValue(input, out var list))
                    consumers[input] = list = [];
                list.Add(node);
            }

            // A subgraph (If, Loop) reading the value counts as a consumer too: never fold an Add it depends on.
            foreach (var attribute in node.Attribute)
            {
                if (attribute.G is { } subgraph)
                {
                    foreach (var (name, nested) in Consumers(subgraph))
                    {
                        if (!consumers.TryGetValue(name, out var list))
                            consumers[name] = list = [];
                        list.AddRange(nested);
                    }
                }
            }
        }

        return consumers;
    }
}
