using System.Globalization;
using PromptConsole.Domain.Caching;
using Xunit.Abstractions;

namespace PromptConsole.Tests.Embeddings;

/// <summary>
/// Threshold calibration on STS-B dev with our MiniLM pipeline: pairs people scored ≥ 4.0 (of 5) count as "deserves the
/// same answer", ≤ 2.0 as different (the ambiguous middle is left out). Prints precision and recall per threshold and
/// the lowest threshold reaching 0.95 precision. The bounds asserted are loose on purpose: the figures are the output.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class StsThresholdCalibrationTests(MiniLmFixture fixture, ITestOutputHelper output)
{
    private const double TargetPrecision = 0.95;

    [StsBenchmarkFact]
    public void Sts_b_dev_pairs_calibrate_a_threshold_between_0_80_and_0_99()
    {
        var path = SharedData.Find(SharedData.StsDevRelativePath)!;
        var pairs = File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 7)
            .Select(fields => (Score: double.Parse(fields[4], CultureInfo.InvariantCulture), First: fields[5], Second: fields[6]))
            .Where(pair => pair.Score >= 4.0 || pair.Score <= 2.0)
            .ToArray();

        var sentences = pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct(StringComparer.Ordinal).ToArray();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var chunk in sentences.Chunk(32))
        {
            var encoded = fixture.Model.Encode(chunk).Vectors;
            for (var i = 0; i < chunk.Length; i++)
                vectors[chunk[i]] = encoded[i];
        }

        var labelled = pairs.Select(p => new LabelledPair(VectorMath.Cosine(vectors[p.First], vectors[p.Second]), p.Score >= 4.0)).ToArray();
        var result = ThresholdCalibration.Calibrate(labelled, TargetPrecision);

        void Say(string line)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }

        Say($"STS-B dev: {labelled.Count(p => p.SameAnswer)} same-answer pairs (gold ≥ 4.0), {labelled.Count(p => !p.SameAnswer)} different (gold ≤ 2.0)");
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
}
