using System.Net;
using PromptConsole.Bench.Load;

namespace PromptConsole.Bench.Telemetry;

internal enum TelemetryMode
{
    Off,
    On,
}

/// <summary>One phase: one configuration at the fixed rate, then saturated, with what the "on" side scraped and exported meanwhile.</summary>
internal sealed record TelemetryPhase(
    int Round,
    TelemetryMode Mode,
    MeasuredRun FixedRate,
    SaturationResult Saturation,
    long ProviderCalls,
    ScrapeLoopStats? Scrapes,
    OtlpCounts Exported);

internal sealed record TelemetryComparisonOutcome(double Rate, IReadOnlyList<TelemetryPhase> Phases, OtlpCounts Exported, long OnExecutions)
{
    public IEnumerable<TelemetryPhase> PhasesOf(TelemetryMode mode) => Phases.Where(phase => phase.Mode == mode);
}

/// <summary>
/// Telemetry on vs off in the same run: two PromptConsole processes configured alike except for
/// telemetry, measured in interleaved phases (off, on, on, off, off, on, …) so that a drift in the
/// machine's state — a build starting, caches warming, the database growing — falls on both alike.
/// "On" is what an operator runs: every trace sampled and exported over OTLP http/protobuf to a
/// receiver, and <c>/metrics</c> scraped every second. "Off" has tracing disabled, no exporter and
/// no scraper.
/// </summary>
internal sealed class TelemetryComparison(
    BenchOptions options,
    StartedGateways gateways,
    OpenLoopLoadGenerator generator,
    ScenarioMeasurer measurer,
    ClosedLoopSaturation saturation,
    StubModelServer stub,
    HttpClient client,
    BenchReport report)
{
    private static readonly TimeSpan FirstWarmupMinimum = TimeSpan.FromSeconds(10);

    public async Task<TelemetryComparisonOutcome> RunAsync(CancellationToken cancellationToken)
    {
        report.Section($"Telemetry on vs off: {options.TelemetryRounds} rounds at {options.TelemetryRate:0.#} req/s for {options.TelemetryDuration.TotalSeconds:0.#} s, then {options.SaturationDuration.TotalSeconds:0.#} s saturated ({options.SaturationClients} closed-loop clients), per phase");
        await using var receiver = await OtlpTraceReceiver.StartAsync(cancellationToken);
        report.Line($"OTLP receiver {receiver.BaseUri}v1/traces (in the runner; counts requests, bytes and spans, answers 200 with an empty ExportTraceServiceResponse)");

        using var scrapeHandler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var scrapeClient = new HttpClient(scrapeHandler) { Timeout = TimeSpan.FromSeconds(10) };

        var off = await gateways.StartAsync("telemetry off", OffEnvironment, cancellationToken);
        var on = await gateways.StartAsync("telemetry on", OnEnvironment(receiver.BaseUri), cancellationToken);
        try
        {
            foreach (var gateway in new[] { off, on })
            {
                await gateway.CreateBenchPromptAsync(client, cancellationToken);
                await measurer.VerifyGatewayReachesStubAsync(gateway, client, cancellationToken);
            }

            var scenarios = new Dictionary<TelemetryMode, (GatewayProcess Gateway, Scenario Scenario)>
            {
                [TelemetryMode.Off] = (off, Scenario.Gateway(off, "off", "load generator → PromptConsole (tracing disabled, not scraped) → stub")),
                [TelemetryMode.On] = (on, Scenario.Gateway(on, "on", "load generator → PromptConsole (traces exported over OTLP, /metrics scraped) → stub")),
            };

            // Both processes are cold: JIT tiering and first-use costs must not land in a measured phase.
            long onWarmupProviderCalls = 0;
            foreach (var mode in PhaseOrder(1))
            {
                var (gateway, scenario) = scenarios[mode];
                long providerCallsBefore = stub.CompletionCalls;
                var warmup = options.Warmup < FirstWarmupMinimum ? FirstWarmupMinimum : options.Warmup;
                report.Line($"warming up telemetry {Name(mode)} (pid {gateway.ProcessId}): {warmup.TotalSeconds:0.#} s at {options.TelemetryRate:0.#} req/s, then {options.SaturationWarmup.TotalSeconds:0.#} s saturated");
                var warmupResult = await generator.RunAsync(new LoadRunSpec($"{scenario.Name} warm-up", scenario.Target, options.TelemetryRate, warmup, scenario.CreateContent), cancellationToken);
                if (warmupResult.Failed * 2 > warmupResult.Spec.RequestCount)
                {
                    throw new BenchSetupException($"Most telemetry {Name(mode)} warm-up requests failed; not measuring. First error: {warmupResult.FirstErrorDetail}");
                }

                await saturation.RunAsync($"{scenario.Name} saturation warm-up", scenario.Target, scenario.CreateContent, options.SaturationClients, TimeSpan.Zero, options.SaturationWarmup, cancellationToken);
                if (mode == TelemetryMode.On)
                {
                    onWarmupProviderCalls = stub.CompletionCalls - providerCallsBefore;
                }
            }

            var phases = new List<TelemetryPhase>();
            for (int round = 1; round <= options.TelemetryRounds; round++)
            {
                foreach (var mode in PhaseOrder(round))
                {
                    var (gateway, scenario) = scenarios[mode];
                    report.Line($"round {round}, telemetry {Name(mode)} (pid {gateway.ProcessId}):");
                    phases.Add(await RunPhaseAsync(round, mode, gateway, scenario, receiver, scrapeClient, options.Warmup, cancellationToken));
                }
            }

            // The SDK exports in batches (every 5 s at the latest): wait for the last one before counting.
            await WaitForExportsToSettleAsync(receiver, cancellationToken);
            var exported = receiver.Counts;
            if (exported.Requests == 0)
            {
                throw new BenchSetupException($"The \"on\" app exported no trace to {receiver.BaseUri}v1/traces: the comparison would not measure export." + on.OutputTail());
            }

            // Every execution of the "on" app was traced: its warm-up, its phases and the one check call.
            long onExecutions = 1 + onWarmupProviderCalls + phases.Where(phase => phase.Mode == TelemetryMode.On).Sum(phase => phase.ProviderCalls);
            return new TelemetryComparisonOutcome(options.TelemetryRate, phases, exported, onExecutions);
        }
        finally
        {
            await gateways.StopAsync(on);
            await gateways.StopAsync(off);
        }
    }

    /// <summary>Odd rounds off then on, even rounds on then off: a steady drift cancels out over each pair of rounds.</summary>
    public static IReadOnlyList<TelemetryMode> PhaseOrder(int round) =>
        round % 2 == 1 ? [TelemetryMode.Off, TelemetryMode.On] : [TelemetryMode.On, TelemetryMode.Off];

    public static string Name(TelemetryMode mode) => mode == TelemetryMode.On ? "on" : "off";

    private static IReadOnlyList<KeyValuePair<string, string>> OffEnvironment =>
    [
        new("PromptConsole__Tracing__Enabled", "false"),
        new("PromptConsole__Tracing__OtlpEndpoint", ""),
    ];

    private static IReadOnlyList<KeyValuePair<string, string>> OnEnvironment(Uri receiver) =>
    [
        new("PromptConsole__Tracing__Enabled", "true"),
        new("PromptConsole__Tracing__OtlpEndpoint", receiver.ToString().TrimEnd('/')),
        new("PromptConsole__Tracing__OtlpProtocol", "http/protobuf"),
        new("PromptConsole__Tracing__SamplingRatio", "1.0"),
    ];

    private async Task<TelemetryPhase> RunPhaseAsync(
        int round,
        TelemetryMode mode,
        GatewayProcess gateway,
        Scenario scenario,
        OtlpTraceReceiver receiver,
        HttpClient scrapeClient,
        TimeSpan warmup,
        CancellationToken cancellationToken)
    {
        var exportedBefore = receiver.Counts;
        long providerCallsBefore = stub.CompletionCalls;
        var scraper = mode == TelemetryMode.On ? MetricsScraper.Start(scrapeClient, gateway.MetricsUri, options.ScrapeInterval) : null;
        try
        {
            var fixedRate = await measurer.MeasureAsync(scenario, options.TelemetryRate, warmup, options.TelemetryDuration, cancellationToken);
            var saturated = await saturation.RunAsync(
                $"{scenario.Name} saturation", scenario.Target, scenario.CreateContent, options.SaturationClients, options.SaturationWarmup, options.SaturationDuration, cancellationToken);
            var scrapes = scraper is null ? null : await scraper.StopAsync();
            var phase = new TelemetryPhase(round, mode, fixedRate, saturated, stub.CompletionCalls - providerCallsBefore, scrapes, receiver.Counts - exportedBefore);
            report.TelemetryPhase(phase);
            return phase;
        }
        finally
        {
            if (scraper is not null)
            {
                await scraper.DisposeAsync();
            }
        }
    }

    /// <summary>Until nothing has arrived for longer than the SDK's 5 s export delay, at most 15 s.</summary>
    private static async Task WaitForExportsToSettleAsync(OtlpTraceReceiver receiver, CancellationToken cancellationToken)
    {
        var last = receiver.Counts;
        int quietSeconds = 0;
        for (int second = 0; second < 15 && quietSeconds < 6; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var now = receiver.Counts;
            quietSeconds = now == last ? quietSeconds + 1 : 0;
            last = now;
        }
    }
}
