using System.Diagnostics;
using System.Numerics.Tensors;
using PromptConsole.Web.Infrastructure.VectorSearch;

namespace PromptConsole.Bench.VectorSearch;

/// <summary>One index at one size: build time, lookup percentiles (one thread, embedding excluded) and recall against flat.</summary>
public sealed record VectorLookupFigure(string Data, string Index, int Entries, double BuildSeconds, double P50Ms, double P99Ms, double MeanMs, double? RecallAt1, double? RecallAt10);

/// <summary>
/// The semantic cache's vector indexes, in process: lookup p50/p99 of one 384-d query for the top 5 (embedding
/// excluded) at 10k and 100k entries, flat vs approximate (HNSW) vs tiered (flat up to 20,000, then HNSW), and the
/// approximate index's recall@1/@10 against the exact answer. Data: random unit vectors in groups of ten (cosine ≈ 0.8
/// inside a group, like paraphrases; queries fall near a group) — and, at 10k, uniformly scattered random vectors,
/// the worst case for any graph. Aim (issue 13): lookup p99 ≤ 1 ms at 100k entries.
/// </summary>
public static class VectorSearchBenchmark
{
    public const int Dimensions = 384;
    private const int Queries = 1_000;
    private const int RecallQueries = 200;
    private const int Top = 5;

    public static IReadOnlyList<VectorLookupFigure> Run(IReadOnlyList<int> sizes, CancellationToken cancellationToken)
    {
        var figures = new List<VectorLookupFigure>();
        foreach (var size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (stored, queries) = Grouped(size, seed: size);
            figures.AddRange(Measure("grouped", stored, queries, withTiered: true, cancellationToken));
        }

        var smallest = sizes.Min();
        var uniform = Unit(smallest + Queries, seed: 7);
        figures.AddRange(Measure("uniform", uniform[..smallest], uniform[smallest..], withTiered: false, cancellationToken));
        return figures;
    }

    private static IEnumerable<VectorLookupFigure> Measure(string data, float[][] stored, float[][] queries, bool withTiered, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, stored.Length).Select(i => $"v{i}").ToArray();

        var started = Stopwatch.GetTimestamp();
        var flat = new FlatVectorIndex(Dimensions, stored.Length);
        for (var i = 0; i < stored.Length; i++)
            flat.Upsert(ids[i], stored[i]);
        var flatBuild = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var exact = queries.Take(RecallQueries).Select(q => flat.Search(q, 10, -1f).Select(m => m.Id).ToArray()).ToArray();
        yield return Lookups(data, "flat (exact, SIMD scan)", flat, flatBuild, queries, null);

        cancellationToken.ThrowIfCancellationRequested();
        started = Stopwatch.GetTimestamp();
        using var approximate = new ApproximateVectorIndex(Dimensions);
        approximate.UpsertMany(ids.Select((id, i) => (id, stored[i])));
        var approximateBuild = Stopwatch.GetElapsedTime(started).TotalSeconds;
        yield return Lookups(data, $"approximate (HNSW, M={approximate.Settings.Connectivity}, ef={approximate.Settings.ExpansionSearch})", approximate, approximateBuild, queries, exact);

        if (withTiered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            started = Stopwatch.GetTimestamp();
            using var tiered = new TieredVectorIndex(Dimensions);
            for (var i = 0; i < stored.Length; i++)
                tiered.Upsert(ids[i], stored[i]);
            tiered.Migration.GetAwaiter().GetResult();
            var tieredBuild = Stopwatch.GetElapsedTime(started).TotalSeconds;
            yield return Lookups(data, tiered.IsApproximate ? "tiered (now approximate)" : "tiered (still flat)", tiered, tieredBuild, queries, tiered.IsApproximate ? exact : null);
        }
    }

    private static VectorLookupFigure Lookups(string data, string name, IVectorIndex index, double buildSeconds, float[][] queries, string[][]? exact)
    {
        for (var i = 0; i < 50; i++)
            index.Search(queries[i % queries.Length], Top, 0.5f);

        var times = new double[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            index.Search(queries[i], Top, 0.5f);
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        double? recall1 = null, recall10 = null;
        if (exact is not null)
        {
            double hits1 = 0, hits10 = 0;
            for (var q = 0; q < exact.Length; q++)
            {
                var found = index.Search(queries[q], 10, -1f).Select(m => m.Id).ToArray();
                if (found.Length > 0 && found[0] == exact[q][0])
                    hits1++;
                hits10 += found.Intersect(exact[q]).Count();
            }

            recall1 = hits1 / exact.Length;
            recall10 = hits10 / (exact.Length * 10.0);
        }

        var mean = times.Average();
        Array.Sort(times);
        return new VectorLookupFigure(data, name, index.Count, buildSeconds, times[times.Length / 2], times[(int)Math.Ceiling(times.Length * 0.99) - 1], mean, recall1, recall10);
    }

    private static float[][] Unit(int count, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var vector = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++)
                vector[d] = (float)(Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[i] = vector;
        }

        return vectors;
    }

    /// <summary>Groups of ten around random centres (a member is the centre plus a random direction at half length).</summary>
    private static (float[][] Stored, float[][] Queries) Grouped(int count, int seed)
    {
        var groups = Math.Max(1, count / 10);
        var centres = Unit(groups, seed);
        var noise = Unit(count + Queries, seed + 1);
        var random = new Random(seed + 2);
        float[] Around(float[] centre, float[] direction)
        {
            var vector = new float[Dimensions];
            TensorPrimitives.MultiplyAdd(direction, 0.5f, centre, vector);
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            return vector;
        }

        var stored = Enumerable.Range(0, count).Select(i => Around(centres[i % groups], noise[i])).ToArray();
        var queries = Enumerable.Range(0, Queries).Select(i => Around(centres[random.Next(groups)], noise[count + i])).ToArray();
        return (stored, queries);
    }
}
