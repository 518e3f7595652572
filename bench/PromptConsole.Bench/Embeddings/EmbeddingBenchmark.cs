using System.Diagnostics;
using System.Text.Json;
using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Bench.Embeddings;

/// <summary>
/// Latency of one input on one thread: percentiles in milliseconds, the fastest call (the cost without the rest of
/// the machine's load) and the process's CPU time per call.
/// </summary>
public sealed record EmbeddingLatency(string Name, int Samples, double P50Ms, double P99Ms, double MeanMs, double MinMs, double CpuMsPerCall);

/// <summary>Inputs per second for a way of feeding the model, with the average batch it ran.</summary>
public sealed record EmbeddingThroughput(string Name, double InputsPerSecond, double AverageBatch);

/// <summary>Where the time of one ~20-token encoding goes, per call.</summary>
public sealed record EmbeddingPhases(double TokenizeUs, double PackUs, double RunUs, double PoolUs);

/// <summary>One operator type's share of ONNX Runtime's kernel time (its own profiler), summed over the profiled runs.</summary>
public sealed record EmbeddingOperatorTime(string Operator, double Microseconds, double Share);

/// <summary>
/// One precision's figures. <see cref="FirstLoadMs"/> is the load of a host that has never run this precision (for int8:
/// quantising the package's weights and writing the cache file, <see cref="QuantizeMs"/> of it); <see cref="CachedLoadMs"/>
/// the load of every later start (for int8 from the cached file; for fp32 the same as the first).
/// </summary>
public sealed record EmbeddingFigures(
    EmbeddingPrecision Precision,
    string VectorModelId,
    string Prompt,
    int PromptTokens,
    double FirstLoadMs,
    double QuantizeMs,
    double CachedLoadMs,
    double FirstEncodeMs,
    IReadOnlyList<EmbeddingLatency> Latencies,
    EmbeddingPhases Phases,
    IReadOnlyList<EmbeddingThroughput> Throughputs,
    IReadOnlyList<EmbeddingOperatorTime> Profile,
    int ProfiledRuns);

/// <summary>
/// all-MiniLM-L6-v2 in process (one ONNX thread, as the host runs it), in fp32 and with int8 weights, in the same run:
/// the first load, p50/p99 of one ~20-token prompt on one thread (the model alone and through the micro-batching
/// generator), a phase breakdown of that call, throughput for batches and for concurrent callers, and ONNX Runtime's
/// profile by operator. Aim: p50 ≤ 2 ms.
/// </summary>
public static class EmbeddingBenchmark
{
    public const string Prompt = "Summarise this customer's complaint about a late delivery and draft a short, polite reply.";

    private const int Warmup = 200;
    private const int Samples = 2_000;
    private const int ProfiledRuns = 300;
    private static readonly TimeSpan ThroughputDuration = TimeSpan.FromSeconds(4);

    public static async Task<IReadOnlyList<EmbeddingFigures>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new List<EmbeddingFigures>();
        foreach (var precision in new[] { EmbeddingPrecision.Float32, EmbeddingPrecision.Int8 })
        {
            cancellationToken.ThrowIfCancellationRequested();
            figures.Add(await RunAsync(precision, cancellationToken));
        }

        return figures;
    }

    private static async Task<EmbeddingFigures> RunAsync(EmbeddingPrecision precision, CancellationToken cancellationToken)
    {
        // A fresh cache directory: the first int8 load quantises, as on a host's first start; the second reads the file.
        var cacheDirectory = Path.Combine(Path.GetTempPath(), $"promptconsole-bench-int8-{Guid.NewGuid():N}");
        try
        {
            return await RunAsync(precision, cacheDirectory, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(cacheDirectory))
                Directory.Delete(cacheDirectory, recursive: true);
        }
    }

    private static async Task<EmbeddingFigures> RunAsync(EmbeddingPrecision precision, string cacheDirectory, CancellationToken cancellationToken)
    {
        double firstLoadMs, quantizeMs;
        using (var first = new MiniLmModel(intraOpThreads: 1, precision: precision, int8CacheDirectory: cacheDirectory))
        {
            var firstStarted = Stopwatch.GetTimestamp();
            first.EnsureLoaded();
            firstLoadMs = Stopwatch.GetElapsedTime(firstStarted).TotalMilliseconds;
            quantizeMs = first.QuantizeTime?.TotalMilliseconds ?? 0;
        }

        using var model = new MiniLmModel(intraOpThreads: 1, precision: precision, int8CacheDirectory: cacheDirectory);
        var loadStarted = Stopwatch.GetTimestamp();
        model.EnsureLoaded();
        var cachedLoadMs = Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds;
        var encodeStarted = Stopwatch.GetTimestamp();
        var tokens = model.Encode([Prompt]).TokenCounts[0];
        var firstEncodeMs = Stopwatch.GetElapsedTime(encodeStarted).TotalMilliseconds;

        for (var i = 0; i < Warmup; i++)
            model.Encode([Prompt]);

        var latencies = new List<EmbeddingLatency> { Measure("model alone (one ONNX run per call)", () => model.Encode([Prompt])) };

        var phases = new EncodePhaseTimes();
        for (var i = 0; i < Samples; i++)
            model.Encode([Prompt], phases);
        var perCall = (double)phases.Calls;

        // The memo of recent texts off: the same prompt again would be answered from it (~1 µs) and the generator's
        // figures would measure the memo, not the model.
        var options = new EmbeddingsOptions { Precision = precision.ToString(), RecentTexts = 0 };
        using (var generator = new MiniLmEmbeddingGenerator(model, options, TimeProvider.System))
        {
            for (var i = 0; i < Warmup; i++)
                await generator.GenerateAsync([Prompt], cancellationToken: cancellationToken);
            latencies.Add(await MeasureAsync("through the generator (micro-batcher, sequential, memo off)", () => generator.GenerateAsync([Prompt], cancellationToken: cancellationToken)));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var throughputs = new List<EmbeddingThroughput>();
        foreach (var size in new[] { 1, 8, 16, 32 })
        {
            var batch = Enumerable.Range(0, size).Select(i => $"{Prompt} (variant {i})").ToArray();
            throughputs.Add(Throughput($"model, batch of {size}", () => model.Encode(batch), size));
        }

        throughputs.Add(await ConcurrentAsync(model, options, callers: 16, cancellationToken));

        return new EmbeddingFigures(
            precision, model.VectorModelId, Prompt, tokens, firstLoadMs, quantizeMs, cachedLoadMs, firstEncodeMs, latencies,
            new EmbeddingPhases(phases.Tokenize.TotalMicroseconds / perCall, phases.Pack.TotalMicroseconds / perCall, phases.Run.TotalMicroseconds / perCall, phases.Pool.TotalMicroseconds / perCall),
            throughputs, Profile(precision, cacheDirectory), ProfiledRuns);
    }

    /// <summary>
    /// ONNX Runtime's own profiler over <see cref="ProfiledRuns"/> runs of the prompt (the first, cold, included), kernel time
    /// summed by operator type (fused operators under their fused names), largest first.
    /// </summary>
    private static IReadOnlyList<EmbeddingOperatorTime> Profile(EmbeddingPrecision precision, string cacheDirectory)
    {
        var prefix = Path.Combine(cacheDirectory, "ort-profile");
        Directory.CreateDirectory(cacheDirectory);
        string file;
        using (var model = new MiniLmModel(intraOpThreads: 1, precision: precision, int8CacheDirectory: cacheDirectory, configureSession: o =>
               {
                   o.EnableProfiling = true;
                   o.ProfileOutputPathPrefix = prefix;
               }))
        {
            for (var i = 0; i < ProfiledRuns; i++)
                model.Encode([Prompt]);
            file = model.EndProfiling();
        }

        var byOperator = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var document = JsonDocument.Parse(File.ReadAllBytes(file)))
        {
            foreach (var e in document.RootElement.EnumerateArray())
            {
                if (e.TryGetProperty("cat", out var category) && category.GetString() == "Node"
                    && e.GetProperty("name").GetString() is { } name && name.EndsWith("_kernel_time", StringComparison.Ordinal)
                    && e.TryGetProperty("args", out var args) && args.TryGetProperty("op_name", out var op))
                {
                    var key = op.GetString() ?? "?";
                    byOperator[key] = byOperator.GetValueOrDefault(key) + e.GetProperty("dur").GetDouble();
                }
            }
        }

        File.Delete(file);
        var total = byOperator.Values.Sum();
        return byOperator.OrderByDescending(p => p.Value).Select(p => new EmbeddingOperatorTime(p.Key, p.Value, total == 0 ? 0 : p.Value / total)).ToArray();
    }

    private static EmbeddingLatency Measure(string name, Action call)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var times = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return Summarise(name, times, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Samples);
    }

    private static async Task<EmbeddingLatency> MeasureAsync(string name, Func<Task> call)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var times = new double[Samples];
        for (var i = 0; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return Summarise(name, times, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Samples);
    }

    private static EmbeddingLatency Summarise(string name, double[] times, double cpuMsPerCall)
    {
        var mean = times.Average();
        Array.Sort(times);
        return new EmbeddingLatency(name, times.Length, times[times.Length / 2], times[(int)Math.Ceiling(times.Length * 0.99) - 1], mean, times[0], cpuMsPerCall);
    }

    private static EmbeddingThroughput Throughput(string name, Action run, int size)
    {
        run();
        var started = Stopwatch.GetTimestamp();
        var batches = 0;
        while (Stopwatch.GetElapsedTime(started) < ThroughputDuration)
        {
            run();
            batches++;
        }

        return new EmbeddingThroughput(name, batches * size / Stopwatch.GetElapsedTime(started).TotalSeconds, size);
    }

    /// <summary>Many callers each sending one prompt at a time: the batcher groups what arrives together.</summary>
    private static async Task<EmbeddingThroughput> ConcurrentAsync(MiniLmModel model, EmbeddingsOptions options, int callers, CancellationToken cancellationToken)
    {
        using var generator = new MiniLmEmbeddingGenerator(model, options, TimeProvider.System);
        var started = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var text = $"{Prompt} (caller {caller})";
            while (Stopwatch.GetElapsedTime(started) < ThroughputDuration)
                await generator.GenerateAsync([text], cancellationToken: cancellationToken);
        }, cancellationToken)).ToArray();
        await Task.WhenAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var batcher = generator.Batcher;
        return new EmbeddingThroughput(
            $"{callers} concurrent callers, one prompt each (max batch {options.MaxBatch}, window {options.BatchWindowMs} ms)",
            batcher.Inputs / seconds,
            batcher.Batches == 0 ? 0 : (double)batcher.Inputs / batcher.Batches);
    }
}
