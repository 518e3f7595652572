using System.Diagnostics;
using System.Numerics.Tensors;
using PromptConsole.Web.Infrastructure.VectorSearch;

namespace PromptConsole.Bench.VectorSearch;

/// <summary>
/// One index at one size. Build: wall seconds and process CPU per vector. Lookups (one thread, embedding excluded):
/// wall p50/p99/max of single timed lookups; the best and the median of batches of lookups (mean per lookup in a
/// batch: the best batch is the cost without the rest of the machine's load, as in part 4); process CPU and managed
/// bytes allocated per lookup. Recall against the exact (flat) answer. <see cref="Note"/> says what else was seen.
/// </summary>
public sealed record VectorLookupFigure(
    string Data,
    string Index,
    int Entries,
    double BuildSeconds,
    double? BuildCpuMsPerVector,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double BestBatchUs,
    double MedianBatchUs,
    double CpuUsPerLookup,
    double BytesPerLookup,
    double? RecallAt1,
    double? RecallAt10,
    string? Note = null);

/// <summary>
/// The semantic cache's vector indexes, in process: lookup latency of one 384-d query for the top 5 (embedding
/// excluded) at 10k and 100k entries, flat vs approximate (HNSW) vs tiered (flat up to 20,000, then HNSW built in the
/// background), and recall@1/@10 against the exact answer. Data: random unit vectors in groups of ten (cosine ≈ 0.8
/// inside a group, like paraphrases; queries fall near a group) — and, at the smallest size, uniformly scattered random
/// vectors, the worst case for any graph. The approximate index is also measured while a writer keeps adding to it.
/// Aim (issue 13): lookup p99 ≤ 1 ms at 100k entries.
/// </summary>
public static class VectorSearchBenchmark
{
    public const int Dimensions = 384;
    private const int Queries = 1_000;
    private const int RecallQueries = 200;
    private const int Top = 5;
    private const int Batches = 40;
    private static readonly int[] ExpansionSweep = [16, 32, 64, 128];

    // Slow indexes (the flat scan at 100k) get fewer timed lookups, so a run stays within a few minutes.
    private static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(6);

    public static IReadOnlyList<VectorLookupFigure> Run(IReadOnlyList<int> sizes, CancellationToken cancellationToken, Action<string>? progress = null)
    {
        var figures = new List<VectorLookupFigure>();
        foreach (var size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (stored, queries) = Grouped(size, seed: size);
            figures.AddRange(Measure("grouped", stored, queries, withTiered: true, progress, cancellationToken));
        }

        var smallest = sizes.Min();
        var uniform = Unit(smallest + Queries, seed: 7);
        figures.AddRange(Measure("uniform", uniform[..smallest], uniform[smallest..], withTiered: false, progress, cancellationToken));
        return figures;
    }

    private static IEnumerable<VectorLookupFigure> Measure(string data, float[][] stored, float[][] queries, bool withTiered, Action<string>? progress, CancellationToken cancellationToken)
    {
        var ids = Enumerable.Range(0, stored.Length).Select(i => $"v{i}").ToArray();

        var build = Cost.Start();
        var flat = new FlatVectorIndex(Dimensions, stored.Length);
        for (var i = 0; i < stored.Length; i++)
            flat.Upsert(ids[i], stored[i]);
        var flatBuild = build.Stop();
        var exact = queries.Take(RecallQueries).Select(q => flat.Search(q, 10, -1f).Select(m => m.Id).ToArray()).ToArray();
        var figure = Lookups(data, "flat (exact, SIMD scan)", flat, flatBuild, stored.Length, queries, null);
        progress?.Invoke(Describe(figure));
        yield return figure;

        cancellationToken.ThrowIfCancellationRequested();
        build = Cost.Start();
        using var approximate = new ApproximateVectorIndex(Dimensions);
        approximate.UpsertMany(ids.Select((id, i) => (id, stored[i])));
        var approximateBuild = build.Stop();
        figure = Lookups(data, $"approximate (HNSW, M={approximate.Settings.Connectivity}, ef={approximate.Settings.ExpansionSearch}, {approximate.Settings.Storage})", approximate, approximateBuild, stored.Length, queries, exact);
        progress?.Invoke(Describe(figure));
        yield return figure;

        // The search expansion on the same graph: cost is about proportional to it, recall is what it buys.
        if (withTiered)
        {
            var configured = approximate.ExpansionSearch;
            foreach (var expansion in ExpansionSweep.Where(e => e != configured))
            {
                approximate.ExpansionSearch = expansion;
                figure = Lookups(data, $"approximate-ef{expansion} (same graph)", approximate, approximateBuild, stored.Length, queries, exact);
                progress?.Invoke(Describe(figure));
                yield return figure;
            }

            approximate.ExpansionSearch = configured;
            cancellationToken.ThrowIfCancellationRequested();
            figure = LookupsWhileAdding(data, approximate, approximateBuild, queries, exact);
            progress?.Invoke(Describe(figure));
            yield return figure;
        }

        if (withTiered)
        {
            cancellationToken.ThrowIfCancellationRequested();
            figure = Tiered(data, stored, ids, queries, exact);
            progress?.Invoke(Describe(figure));
            yield return figure;
        }
    }

    /// <summary>
    /// Fills a tiered index as a cache would (one upsert at a time), then keeps searching while the graph is built in
    /// the background: every search looks for a stored vector and must find it (the flat index serves meanwhile).
    /// Build time is until the graph has taken over.
    /// </summary>
    private static VectorLookupFigure Tiered(string data, float[][] stored, string[] ids, float[][] queries, string[][] exact)
    {
        var build = Cost.Start();
        var tiered = new TieredVectorIndex(Dimensions);
        for (var i = 0; i < stored.Length; i++)
            tiered.Upsert(ids[i], stored[i]);
        var filled = build.Elapsed;

        int searches = 0, wrong = 0;
        var slowest = 0.0;
        var random = new Random(5);
        while (!tiered.Migration.IsCompleted)
        {
            var row = random.Next(stored.Length);
            var t = Stopwatch.GetTimestamp();
            var found = tiered.Search(stored[row], 1, 0.999f);
            slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            searches++;
            if (found.Count != 1 || found[0].Id != ids[row])
                wrong++;
        }

        tiered.Migration.GetAwaiter().GetResult();
        var tieredBuild = build.Stop();
        var note = tiered.IsApproximate
            ? $"filled in {filled.TotalSeconds:0.0} s, graph took over after {tieredBuild.Seconds:0.0} s; {searches} searches meanwhile, {wrong} wrong, slowest {slowest:0.0} ms"
            : null;
        using (tiered)
        {
            return Lookups(data, tiered.IsApproximate ? "tiered (now approximate)" : "tiered (still flat)", tiered, tieredBuild, stored.Length, queries, tiered.IsApproximate ? exact : null) with { Note = note };
        }
    }

    /// <summary>
    /// The same lookups while one writer keeps adding to the same graph, as fast as it can (a cache filling under
    /// traffic, at its worst): a lookup must not wait for an add, which takes 1–3 ms at 100k entries. The writer adds
    /// 5,000 new vectors and then keeps replacing them. Recall is still against the stored set's exact answer (the new
    /// vectors are scattered, far from the queries' groups). Process CPU per lookup includes the writer's.
    /// </summary>
    private static VectorLookupFigure LookupsWhileAdding(string data, ApproximateVectorIndex index, Cost.Figures build, float[][] queries, string[][] exact)
    {
        var fresh = Unit(5_000, seed: index.Count + 11);
        using var stop = new CancellationTokenSource();
        var adds = 0;
        var writer = Task.Factory.StartNew(() =>
        {
            for (; !stop.IsCancellationRequested; adds++)
                index.Upsert($"added-{adds % fresh.Length}", fresh[adds % fresh.Length]);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var started = Stopwatch.GetTimestamp();
        VectorLookupFigure figure;
        try
        {
            figure = Lookups(data, "approximate, one writer adding meanwhile", index, build, index.Count, queries, exact);
        }
        finally
        {
            stop.Cancel();
            writer.GetAwaiter().GetResult();
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return figure with { Note = $"{adds} adds during the lookups ({adds / seconds:0} per second); CPU per lookup includes the writer's" };
    }

    private static VectorLookupFigure Lookups(string data, string name, IVectorIndex index, Cost.Figures build, int entries, float[][] queries, string[][]? exact)
    {
        var warmUp = Stopwatch.GetTimestamp();
        for (var i = 0; i < 50; i++)
            index.Search(queries[i % queries.Length], Top, 0.5f);
        var estimate = TimeSpan.FromTicks(Math.Max(1, (Stopwatch.GetElapsedTime(warmUp) / 50).Ticks));

        // Single timed lookups for the percentiles…
        var timed = (int)Math.Clamp(LookupBudget / 2 / estimate, 200, 2_000);
        var times = new double[timed];
        for (var i = 0; i < timed; i++)
        {
            var t = Stopwatch.GetTimestamp();
            index.Search(queries[i % queries.Length], Top, 0.5f);
            times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }

        // …then batches for the best batch, CPU and allocations per lookup.
        var perBatch = (int)Math.Clamp(LookupBudget / 2 / Batches / estimate, 5, 100);
        var batchMeans = new double[Batches];
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int b = 0, q = 0; b < Batches; b++)
        {
            var t = Stopwatch.GetTimestamp();
            for (var i = 0; i < perBatch; i++, q++)
                index.Search(queries[q % queries.Length], Top, 0.5f);
            batchMeans[b] = Stopwatch.GetElapsedTime(t).TotalMicroseconds / perBatch;
        }

        var lookups = Batches * perBatch;
        var cpuPerLookup = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / lookups;
        var bytesPerLookup = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / lookups;

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

        Array.Sort(times);
        Array.Sort(batchMeans);
        return new VectorLookupFigure(
            data, name, index.Count, build.Seconds, build.CpuMs / entries,
            times[times.Length / 2], times[(int)Math.Ceiling(times.Length * 0.99) - 1], times[^1],
            batchMeans[0], batchMeans[Batches / 2], cpuPerLookup, bytesPerLookup, recall1, recall10);
    }

    internal static string Describe(VectorLookupFigure f)
    {
        var recall = f.RecallAt1 is { } r1 ? $"recall@1 {r1:0.000} @10 {f.RecallAt10:0.000}" : "exact";
        var line = $"{f.Data,-8} {f.Entries,7} {f.Index,-38} build {f.BuildSeconds,6:0.0} s ({f.BuildCpuMsPerVector,6:0.000} ms CPU/vector)  "
            + $"p50 {f.P50Ms,7:0.000} p99 {f.P99Ms,7:0.000} max {f.MaxMs,7:0.000} ms  best batch {f.BestBatchUs,8:0.0} µs, median batch {f.MedianBatchUs,8:0.0} µs, "
            + $"CPU {f.CpuUsPerLookup,8:0.0} µs, {f.BytesPerLookup,6:0} B per lookup  {recall}";
        return f.Note is null ? line : $"{line}\n{"",17}{f.Note}";
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

    /// <summary>Wall time and the process's CPU time from a start.</summary>
    private readonly struct Cost
    {
        private readonly long _started;
        private readonly TimeSpan _cpu;

        private Cost(long started, TimeSpan cpu)
        {
            _started = started;
            _cpu = cpu;
        }

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        public static Cost Start() => new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

        public Figures Stop() => new(Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - _cpu).TotalMilliseconds);

        public readonly record struct Figures(double Seconds, double CpuMs);
    }
}
