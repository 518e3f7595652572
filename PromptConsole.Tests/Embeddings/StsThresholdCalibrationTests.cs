using System.Globalization;
using PromptConsole.Domain.Caching;
using PromptConsole.Web.Infrastructure.Embeddings;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Embeddings;

/// <summary>
/// Threshold calibration on STS-B dev with our MiniLM pipeline: pairs people scored ≥ 4.0 (of 5) count as "deserves the
/// same answer", ≤ 2.0 as different (the ambiguous middle is left out). Prints precision and recall per threshold and
/// the lowest threshold reaching 0.95 precision. The bounds asserted are loose on purpose: the figures are the output.
/// The same holds with int8 weights.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class StsThresholdCalibrationTests(MiniLmFixture fixture, ITestOutputHelper output)
{
    private const double TargetPrecision = 0.95;

    [StsBenchmarkTheory]
    [InlineData(EmbeddingPrecision.Float32)]
    [InlineData(EmbeddingPrecision.Int8)]
    public void Sts_b_dev_pairs_calibrate_a_threshold_between_0_80_and_0_99(EmbeddingPrecision precision)
    {
        var pairs = StsDev.Pairs.Where(pair => pair.Score >= 4.0 || pair.Score <= 2.0).ToArray();
        var vectors = fixture.StsDevVectors(precision);

        var labelled = pairs.Select(p => new LabelledPair(VectorMath.Cosine(vectors[p.First], vectors[p.Second]), p.Score >= 4.0)).ToArray();
        var result = ThresholdCalibration.Calibrate(labelled, TargetPrecision);

        void Say(string line)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }

        Say($"STS-B dev, {fixture.ModelOf(precision).VectorModelId}: {labelled.Count(p => p.SameAnswer)} same-answer pairs (gold ≥ 4.0), {labelled.Count(p => !p.SameAnswer)} different (gold ≤ 2.0)");
        foreach (var row in result.Rows)
            Say(string.Create(CultureInfo.InvariantCulture, $"  threshold {row.Threshold:0.00}: served {row.Served,4}, precision {(row.Precision is { } p ? p.ToString("0.000", CultureInfo.InvariantCulture) : "  —  ")}, recall {row.Recall:0.000}"));
        Say(string.Create(CultureInfo.InvariantCulture, $"calibrated threshold for precision ≥ {TargetPrecision}: {result.CalibratedThreshold?.ToString("0.00", CultureInfo.InvariantCulture) ?? "none"}"));

        Assert.InRange(labelled.Length, 500, 1500);
        Assert.NotNull(result.CalibratedThreshold);
        Assert.InRange(result.CalibratedThreshold!.Value, 0.80, 0.99);
        var calibrated = result.Rows.Single(r => Math.Abs(r.Threshold - result.CalibratedThreshold.Value) < 1e-9);
        Assert.True(calibrated.Recall > 0.05, $"recall {calibrated.Recall:0.000} at the calibrated threshold");
        // Precision grows with the threshold and recall shrinks, as a sanity check on the pairs and the model.
        Assert.True(result.Rows[0].Recall >= result.Rows[^1].Recall);
    }

    /// <summary>
    /// Operators calibrate on whatever precision runs; a threshold calibrated on fp32 vectors must still be about as
    /// precise on int8 vectors (a switch of precision does not silently loosen the cache).
    /// </summary>
    [StsBenchmarkFact]
    public void A_threshold_calibrated_on_fp32_keeps_its_precision_on_int8()
    {
        var pairs = StsDev.Pairs.Where(pair => pair.Score >= 4.0 || pair.Score <= 2.0).ToArray();
        LabelledPair[] Labelled(EmbeddingPrecision precision)
        {
            var vectors = fixture.StsDevVectors(precision);
            return pairs.Select(p => new LabelledPair(VectorMath.Cosine(vectors[p.First], vectors[p.Second]), p.Score >= 4.0)).ToArray();
        }

        var float32 = ThresholdCalibration.Calibrate(Labelled(EmbeddingPrecision.Float32), TargetPrecision);
        var threshold = float32.CalibratedThreshold!.Value;
        var int8 = ThresholdCalibration.Calibrate(Labelled(EmbeddingPrecision.Int8), TargetPrecision, [threshold]).Rows.Single();
        var float32Row = float32.Rows.Single(r => Math.Abs(r.Threshold - threshold) < 1e-9);

        var line = string.Create(CultureInfo.InvariantCulture,
            $"threshold {threshold:0.00} (calibrated on fp32): fp32 precision {float32Row.Precision:0.000} recall {float32Row.Recall:0.000}; int8 precision {int8.Precision:0.000} recall {int8.Recall:0.000}");
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.NotNull(int8.Precision);
        Assert.True(int8.Precision >= TargetPrecision - 0.02, line);
        Assert.True(Math.Abs(int8.Recall - float32Row.Recall) <= 0.05, line);
    }
}
