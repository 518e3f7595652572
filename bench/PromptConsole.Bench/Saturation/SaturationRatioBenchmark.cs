using System.Net;
using System.Text;
using PromptConsole.Bench.Load;

namespace PromptConsole.Bench.Saturation;

/// <summary>Answers per second of the three saturated runs, all against the same process, and the two ratios the aims are stated in.</summary>
internal sealed record SaturationRatioOutcome(
    SaturationResult Healthz, SaturationResult Execute, SaturationResult CacheHit, TimeSpan ExecuteAppCpu, TimeSpan CacheHitAppCpu,
    SustainedRate ExecuteSustained, SustainedRate CacheHitSustained)
{
    public double ExecuteRatio => Execute.SucceededPerSecond / Healthz.SucceededPerSecond;

    public double CacheHitRatio => CacheHit.SucceededPerSecond / Healthz.SucceededPerSecond;

    public double ExecuteSustainedRatio => ExecuteSustained.PerSecond / Healthz.SucceededPerSecond;

    public double CacheHitSustainedRatio => CacheHitSustained.PerSecond / Healthz.SucceededPerSecond;

    public double ExecuteAppCpuMicroseconds => Execute.Succeeded == 0 ? 0 : ExecuteAppCpu.TotalMicroseconds / Execute.Succeeded;

    public double CacheHitAppCpuMicroseconds => CacheHit.Succeeded == 0 ? 0 : CacheHitAppCpu.TotalMicroseconds / CacheHit.Succeeded;
}

/// <summary>
/// Answers per second less the records the run left unwritten (spread over its warm-up and measured time): the rate
/// the process keeps up with, recording included. <paramref name="Drained"/> is how long the backlog of the run before
/// took to be written.
/// </summary>
internal sealed record SustainedRate(double PerSecond, long BacklogLeft, TimeSpan? Drained);

/// <summary>
/// How close <c>execute</c> gets to the machine's limit: one fresh PromptConsole (part 1's settings plus a
/// simulator provider answering at 0 ms), three closed-loop saturated runs one after the other — <c>GET /healthz</c>
/// (what the same process does with no pipeline at all), <c>execute</c> on the simulator with a different variable
/// each request (no cache), and <c>execute</c> of a prompt with the exact cache on and one identical request (every
/// answer an L1 hit after the first) — then execute ÷ healthz and cache hit ÷ healthz. The simulator keeps the second
/// loopback hop out, so the figure is the pipeline's own cost; part 1 measures the hop. Every answer is also a record
/// to write: each execute run starts with the recorder's backlog written, and the aims are judged on the sustained rate
/// (<see cref="SustainedRate"/>), since a backlog that grows ends in 503s at the recorder's bound.
/// </summary>
internal sealed class SaturationRatioBenchmark(BenchOptions options, StartedGateways gateways, ClosedLoopSaturation saturation, HttpClient client, BenchReport report)
{
    public const string SimulatedPromptKey = "bench-sim";
    public const string CachedPromptKey = "bench-cached";

    private static readonly KeyValuePair<string, string>[] SimulatorEnvironment =
    [
        new("PromptConsole__Providers__sim__Kind", "Simulator"),
        new("PromptConsole__Providers__sim__Enabled", "true"),
        new("PromptConsole__Providers__sim__LatencyMedianMs", "0"),
        new("PromptConsole__Providers__sim__ErrorRate", "0"),
        new("PromptConsole__Models__sim-model__Provider", "sim"),
    ];

    public async Task<SaturationRatioOutcome> RunAsync(CancellationToken cancellationToken)
    {
        report.Section($"saturated execute and exact-cache hit vs /healthz of the same process ({options.SaturationClients} closed-loop clients, {options.RatioDuration.TotalSeconds:0.#} s each after {options.RatioWarmup.TotalSeconds:0.#} s warm-up)");
        var gateway = await gateways.StartAsync("saturation ratios", SimulatorEnvironment, cancellationToken);
        try
        {
            await CreatePromptAsync(gateway, SimulatedPromptKey, cache: false, cancellationToken);
            await CreatePromptAsync(gateway, CachedPromptKey, cache: true, cancellationToken);
            var cachedUri = new Uri(gateway.BaseUri, $"api/v1/prompts/{CachedPromptKey}/execute");
            var simulatedUri = new Uri(gateway.BaseUri, $"api/v1/prompts/{SimulatedPromptKey}/execute");
            await gateway.PostExpectingSuccessAsync(client, $"api/v1/prompts/{CachedPromptKey}/execute", CachedBody, "fill the exact cache", cancellationToken);

            // Unmeasured first pass of each, so JIT tiering of a cold process is not in the first figure.
            await RunAsync("warm-up", gateway, simulatedUri, VariedBody, options.RatioWarmup, TimeSpan.FromSeconds(1), cancellationToken);
            await RunAsync("warm-up", gateway, cachedUri, _ => CachedBody, options.RatioWarmup, TimeSpan.FromSeconds(1), cancellationToken);

            var healthz = await RunHealthzAsync(gateway, cancellationToken);
            report.Line($"  /healthz           {Describe(healthz.Result)}");
            var (execute, executeSustained) = await RunRecordedAsync("execute", gateway, simulatedUri, VariedBody, cancellationToken);
            report.Line($"  execute (sim 0 ms) {Describe(execute.Result)} | app CPU {Per(execute)} µs/answer | {Describe(executeSustained)}");
            var (hit, hitSustained) = await RunRecordedAsync("cache hit", gateway, cachedUri, _ => CachedBody, cancellationToken);
            report.Line($"  exact-cache hit    {Describe(hit.Result)} | app CPU {Per(hit)} µs/answer | {Describe(hitSustained)}");
            var outcome = new SaturationRatioOutcome(healthz.Result, execute.Result, hit.Result, execute.AppCpu, hit.AppCpu, executeSustained, hitSustained);
            report.Line($"  ratios: execute / healthz {outcome.ExecuteRatio:0.000}, cache hit / healthz {outcome.CacheHitRatio:0.000}; " +
                $"sustained (records written) {outcome.ExecuteSustainedRatio:0.000} and {outcome.CacheHitSustainedRatio:0.000}");
            return outcome;
        }
        finally
        {
            await gateways.StopAsync(gateway);
        }
    }

    private static string VariedBody(int sequence) => "{\"variables\":{\"question\":\"what is " + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) + " times seven?\"}}";

    private const string CachedBody = """{"variables":{"question":"what is six times seven?"}}""";

    private static string Describe(SaturationResult result) =>
        $"{result.SucceededPerSecond,9:0.0} answers/s ({result.Succeeded} in {result.Duration.TotalSeconds:0.#} s, {result.Failed} failed{(result.FirstErrorDetail is null ? "" : ", first: " + result.FirstErrorDetail)})";

    private static string Describe(SustainedRate sustained) =>
        $"sustained {sustained.PerSecond:0.0}/s ({sustained.BacklogLeft} records left unwritten; backlog before it written in " +
        (sustained.Drained is { } drained ? $"{drained.TotalSeconds:0.0} s)" : "— not drained)");

    private async Task<((SaturationResult Result, TimeSpan AppCpu) Run, SustainedRate Sustained)> RunRecordedAsync(
        string name, GatewayProcess gateway, Uri target, Func<int, string> body, CancellationToken cancellationToken)
    {
        var (waited, before) = await RecorderBacklog.DrainAsync(client, gateway, TimeSpan.FromMinutes(2), cancellationToken);
        var run = await RunAsync(name, gateway, target, body, options.RatioWarmup, options.RatioDuration, cancellationToken);
        var left = await RecorderBacklog.ReadAsync(client, gateway, cancellationToken) - before;
        var window = options.RatioWarmup + options.RatioDuration;
        var sustained = run.Result.SucceededPerSecond - Math.Max(0, left) / window.TotalSeconds;
        return (run, new SustainedRate(sustained, left, before == 0 ? waited : null));
    }

    private static string Per((SaturationResult Result, TimeSpan AppCpu) run) =>
        run.Result.Succeeded == 0 ? "-" : $"{run.AppCpu.TotalMicroseconds / run.Result.Succeeded:0}";

    private async Task<(SaturationResult Result, TimeSpan AppCpu)> RunAsync(
        string name, GatewayProcess gateway, Uri target, Func<int, string> body, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        // CPU over warm-up and measured time together, divided by the measured answers only: a slight over-estimate.
        var cpuBefore = gateway.CpuTime;
        var result = await saturation.RunAsync(name, target, sequence => new StringContent(body(sequence), Encoding.UTF8, "application/json"),
            options.SaturationClients, warmup, duration, cancellationToken);
        var cpu = gateway.CpuTime - cpuBefore;
        return (result, warmup + duration > TimeSpan.Zero ? cpu * (duration / (warmup + duration)) : cpu);
    }

    private async Task<(SaturationResult Result, TimeSpan AppCpu)> RunHealthzAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        var cpuBefore = gateway.CpuTime;
        var result = await saturation.RunAsync("healthz", new Uri(gateway.BaseUri, "healthz"), createContent: null,
            options.SaturationClients, options.RatioWarmup, options.RatioDuration, cancellationToken, HttpMethod.Get);
        return (result, gateway.CpuTime - cpuBefore);
    }

    private async Task CreatePromptAsync(GatewayProcess gateway, string key, bool cache, CancellationToken cancellationToken)
    {
        string prompt = """{"key":"KEY","name":"KEY","firstVersion":{"template":"Answer: {{question}}","model":{"model":"sim-model"},"variables":[{"name":"question","type":"String"}]}}"""
            .Replace("KEY", key, StringComparison.Ordinal);
        await gateway.PostExpectingSuccessAsync(client, "api/v1/prompts", prompt, $"create the prompt {key}", cancellationToken);
        await gateway.PostExpectingSuccessAsync(client, $"api/v1/prompts/{key}/labels/production", """{"version":1}""", $"deploy {key} v1", cancellationToken);
        if (cache)
        {
            using var content = new StringContent("""{"enabled":true,"ttlSeconds":3600}""", Encoding.UTF8, "application/json");
            using var response = await client.PutAsync(new Uri(gateway.BaseUri, $"api/v1/prompts/{key}/cache"), content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new BenchSetupException($"Could not switch the exact cache on for {key}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}{gateway.OutputTail()}");
            }
        }
    }
}
