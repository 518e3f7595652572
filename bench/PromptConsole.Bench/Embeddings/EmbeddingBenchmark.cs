using System.Diagnostics;
using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Bench.Embeddings;

/// <summary>Latency of one input on one thread: percentiles in milliseconds.</summary>
/// <summary>
/// Latency of one input on one thread: percentiles in milliseconds, the fastest call (the cost without the rest of
/// the machine's load) and the process's CPU time per call.
/// </summary>
public sealed record EmbeddingLatency(string Name, int Samples, double P50Ms, double P99Ms, double MeanMs, double MinMs, double CpuMsPerCall);

/// <summary>Inputs per second for a way of feeding the model, with the average batch it ran.</summary>
public sealed record EmbeddingThroughput(string Name, double InputsPerSecond, double AverageBatch);

/// <summary>Where the time of one ~20-token encoding goes, per call.</summary>
public sealed record EmbeddingPhases(double TokenizeUs, double PackUs, double RunUs, double PoolUs);

public sealed record EmbeddingFigures(
    string Prompt,
    int PromptTokens,
    double FirstLoadMs,
    double FirstEncodeMs,
    IReadOnlyList<EmbeddingLatency> Latencies,
    EmbeddingPhases Phases,
    IReadOnlyList<EmbeddingThroughput> Throughputs);

/// <summary>
/// all-MiniLM-L6-v2 in process (one ONNX thread, as the host runs it): the first load, p50/p99 of one
/// ~20-token prompt on one thread (the model alone and through the micro-batching generator), a phase
/// breakdown of that call, and throughput for batches and for concurrent callers. Aim: p50 ≤ 2 ms.
/// </summary>
public static class EmbeddingBenchmark
{
    public const string Prompt = "Summarise this customer's complaint about a late delivery and draft a short, polite reply.";

    private const int Warmup = 200;
    private const int Samples = 2_000;
    private static readonly TimeSpan ThroughputDuration = TimeSpan.FromSeconds(4);

    public static async Task<EmbeddingFigures> RunAsync(CancellationToken cancellationToken)
    {
        using var model = new MiniLmModel(intraOpThreads: 1);
        var loadStarted = Stopwatch.GetTimestamp();
        model.EnsureLoaded();
        var firstLoadMs = Stopwatch.GetElapsedTime(loadStarted).TotalMilliseconds;
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

        var options = new EmbeddingsOptions();
        using (var generator = new MiniLmEmbeddingGenerator(model, options, TimeProvider.System))
        {
            for (var i = 0; i < Warmup; i++)
                await generator.GenerateAsync([Prompt], cancellationToken: cancellationToken);
            latencies.Add(await MeasureAsync("through the generator (micro-batcher, sequential)", () => generator.GenerateAsync([Prompt], cancellationToken: cancellationToken)));
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
            Prompt, tokens, firstLoadMs, firstEncodeMs, latencies,
            new EmbeddingPhases(phases.Tokenize.TotalMicroseconds / perCall, phases.Pack.TotalMicroseconds / perCall, phases.Run.TotalMicroseconds / perCall, phases.Pool.TotalMicroseconds / perCall),
            throughputs);
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
