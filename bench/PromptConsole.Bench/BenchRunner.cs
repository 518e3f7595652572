using System.Diagnostics;
using System.Net;
using PromptConsole.Bench.Load;
using PromptConsole.Bench.Scrape;
using PromptConsole.Bench.Telemetry;

namespace PromptConsole.Bench;

/// <summary>
/// One measured run of one scenario at one rate, with how many provider calls it caused and the CPU
/// time spent by the runner (generator and stub) and by the app under test.
/// </summary>
internal sealed record MeasuredRun(Scenario Scenario, LoadRunResult Result, long ProviderCalls, TimeSpan RunnerCpu, TimeSpan? AppCpu)
{
    public double Rate => Result.Spec.RatePerSecond;

    public double ProviderCallsPerSuccess => Result.Succeeded == 0 ? 0 : (double)ProviderCalls / Result.Succeeded;

    public double RunnerCpuMicrosecondsPerRequest => PerRequestMicroseconds(RunnerCpu);

    public double? AppCpuMicrosecondsPerRequest => AppCpu is { } cpu ? PerRequestMicroseconds(cpu) : null;

    /// <summary>Share of all the machine's cores the app used during the run.</summary>
    public double? AppMachineShare => AppCpu is { } cpu ? cpu.TotalSeconds / (Result.Spec.Duration.TotalSeconds * Environment.ProcessorCount) : null;

    private double PerRequestMicroseconds(TimeSpan cpu) => Result.Sent == 0 ? double.NaN : cpu.TotalMicroseconds / Result.Sent;
}

internal sealed record SearchStep(double Rate, MeasuredRun Direct, MeasuredRun Run, bool Passed)
{
    public double OverheadP99Ms => Run.Result.Latency.P99Ms - Direct.Result.Latency.P99Ms;
}

/// <summary>One rate of the overhead part: (a) direct, (b) through the gateway, (c) the same process's /healthz, (d) through the bare forwarder.</summary>
internal sealed record OverheadComparison(double Rate, MeasuredRun Direct, MeasuredRun? Gateway, MeasuredRun? Healthz, MeasuredRun? Floor);

internal enum SearchEnd
{
    NotRun,
    FirstFailure,
    Budget,
    EndOfList,
}

internal sealed record SearchOutcome(IReadOnlyList<SearchStep> Steps, double? HighestPassingRate, SearchEnd End);

/// <summary>
/// Starts the stub, then runs each part with the PromptConsole processes it needs: the gateway-overhead
/// a/b comparison and rate search, telemetry on vs off, and the cost of a /metrics scrape; prints the figures.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, BenchReport report)
{
    private static readonly TimeSpan FirstWarmupMinimum = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var handler = CreateHandler(options.MaxConnections);
        using var client = new HttpClient(handler)
        {
            Timeout = options.RequestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayProcess.BenchMasterKey);
        var generator = new OpenLoopLoadGenerator(client, options.MaxInFlight, options.RequestTimeout + TimeSpan.FromSeconds(1));

        await using var stub = await StubModelServer.StartAsync(cancellationToken);
        string? appPath = options.NeedsApp ? ResolveAppPath() : null;
        report.Header(options, stub, appPath);
        var measurer = new ScenarioMeasurer(generator, stub, report);

        // Each part starts the processes it needs and stops them when it ends; this stops any left on failure.
        await using var gateways = appPath is null ? null : new StartedGateways(appPath, stub.BaseUri, options.AppEnvironment, client, report);

        var overhead = options.RunOverhead
            ? await RunOverheadAsync(measurer, stub, gateways, client, cancellationToken)
            : null;
        var telemetry = options.RunTelemetry
            ? await new TelemetryComparison(options, gateways!, generator, measurer, new ClosedLoopSaturation(client), stub, client, report).RunAsync(cancellationToken)
            : null;
        var scrape = options.RunScrape
            ? await new ScrapeCostBenchmark(options, gateways!, client, report).RunAsync(cancellationToken)
            : null;
        var ratios = options.RunRatios
            ? await new Saturation.SaturationRatioBenchmark(options, gateways!, new ClosedLoopSaturation(client), client, report).RunAsync(cancellationToken)
            : null;

        var recording = options.RunRecording ? await Recording.RecordingInsertBenchmark.RunAsync(cancellationToken) : null;
        var routing = options.RunRouting ? Routing.RoutingBenchmark.Run() : null;
        var embeddings = options.RunEmbeddings ? await Embeddings.EmbeddingBenchmark.RunAsync(cancellationToken) : null;
        var vectors = options.RunVectors ? VectorSearch.VectorSearchBenchmark.Run(options.VectorSizes, cancellationToken, line => report.Line($"  vector search: {line}")) : null;

        if (overhead is not null)
        {
            report.Summary(options, overhead.Value.Comparisons, overhead.Value.Search);
        }

        if (telemetry is not null)
        {
            report.TelemetrySummary(telemetry);
        }

        if (scrape is not null)
        {
            report.ScrapeSummary(scrape);
        }

        if (ratios is not null)
        {
            report.RatioSummary(ratios);
        }

        if (recording is not null)
        {
            report.RecordingSummary(recording);
        }

        if (routing is not null)
        {
            report.RoutingSummary(routing);
        }

        if (embeddings is not null)
        {
            report.EmbeddingSummary(embeddings);
        }

        if (vectors is not null)
        {
            report.VectorSearchSummary(vectors);
        }

        report.Closing();
    }

    private async Task<(IReadOnlyList<OverheadComparison> Comparisons, SearchOutcome Search)?> RunOverheadAsync(
        ScenarioMeasurer measurer,
        StubModelServer stub,
        StartedGateways? gateways,
        HttpClient client,
        CancellationToken cancellationToken)
    {
        var direct = Scenario.Direct(stub);
        GatewayProcess? gateway = null;
        GatewayProcess? forwarder = null;
        try
        {
            Scenario? viaGateway = null;
            Scenario? healthz = null;
            Scenario? floor = null;
            if (options.Scenarios == ScenarioSelection.Both)
            {
                gateway = await gateways!.StartAsync("gateway overhead", [], cancellationToken);
                await gateway.CreateBenchPromptAsync(client, cancellationToken);
                await measurer.VerifyGatewayReachesStubAsync(gateway, client, cancellationToken);
                viaGateway = Scenario.Gateway(gateway);
                healthz = Scenario.Healthz(gateway);
                if (options.Floor)
                {
                    forwarder = await gateways.StartForwarderAsync(ResolveForwarderPath(), cancellationToken);
                    floor = Scenario.Floor(forwarder);
                }
            }

            var comparisons = new List<OverheadComparison>();
            foreach (double rate in options.Rates)
            {
                // The first warm-up of each scenario also carries JIT tiering of a cold process: give it time.
                var warmup = comparisons.Count == 0 ? Max(options.Warmup, FirstWarmupMinimum) : options.Warmup;
                report.Section($"{rate:0.#} req/s for {options.Duration.TotalSeconds:0.#} s (after {warmup.TotalSeconds:0.#} s warm-up)");
                var directRun = await measurer.MeasureAsync(direct, rate, warmup, options.Duration, cancellationToken);
                MeasuredRun? gatewayRun = null;
                MeasuredRun? healthzRun = null;
                MeasuredRun? floorRun = null;
                if (viaGateway is not null && healthz is not null)
                {
                    gatewayRun = await measurer.MeasureAsync(viaGateway, rate, warmup, options.Duration, cancellationToken);
                    report.Overhead(directRun, gatewayRun);
                    healthzRun = await measurer.MeasureAsync(healthz, rate, options.Warmup, options.Duration, cancellationToken);
                }

                if (floor is not null)
                {
                    // A cold forwarder tiers up like a cold gateway: its first warm-up gets the same time.
                    floorRun = await measurer.MeasureAsync(floor, rate, warmup, options.Duration, cancellationToken);
                    report.Floor(directRun, floorRun, gatewayRun);
                }

                comparisons.Add(new OverheadComparison(rate, directRun, gatewayRun, healthzRun, floorRun));
            }

            var search = viaGateway is not null && options.Search
                ? await SearchHighestRateAsync(measurer, direct, viaGateway, cancellationToken)
                : new SearchOutcome([], null, SearchEnd.NotRun);
            return (comparisons, search);
        }
        finally
        {
            if (forwarder is not null)
            {
                await gateways!.StopAsync(forwarder);
            }

            if (gateway is not null)
            {
                await gateways!.StopAsync(gateway);
            }
        }
    }

    /// <summary>
    /// Raises the rate until the gateway's p99 overhead over the direct path passes the limit or a request fails. Each
    /// step measures both paths at that rate, one after the other, so the overhead is read against the same machine.
    /// </summary>
    private async Task<SearchOutcome> SearchHighestRateAsync(ScenarioMeasurer measurer, Scenario direct, Scenario gateway, CancellationToken cancellationToken)
    {
        report.Section($"Search: highest rate with p99 overhead (b − a) ≤ {options.OverheadP99LimitMs:0.###} ms and no errors ({options.SearchStepDuration.TotalSeconds:0.#} s steps of each path, budget {options.SearchBudget.TotalSeconds:0} s)");
        var steps = new List<SearchStep>();
        var elapsed = Stopwatch.StartNew();
        double? highestPassing = null;
        foreach (double rate in options.SearchRates)
        {
            var stepCost = 2 * (options.SearchStepWarmup + options.SearchStepDuration + TimeSpan.FromSeconds(1));
            if (elapsed.Elapsed + stepCost > options.SearchBudget)
            {
                report.Line($"search budget of {options.SearchBudget.TotalSeconds:0} s reached before {rate:0.#} req/s");
                return new SearchOutcome(steps, highestPassing, SearchEnd.Budget);
            }

            var directRun = await measurer.MeasureAsync(direct, rate, options.SearchStepWarmup, options.SearchStepDuration, cancellationToken);
            var run = await measurer.MeasureAsync(gateway, rate, options.SearchStepWarmup, options.SearchStepDuration, cancellationToken);
            double overheadP99 = run.Result.Latency.P99Ms - directRun.Result.Latency.P99Ms;
            bool passed = run.Result.Failed == 0 && directRun.Result.Failed == 0 && overheadP99 <= options.OverheadP99LimitMs;
            steps.Add(new SearchStep(rate, directRun, run, passed));
            report.Line($"  {(passed ? "pass" : "FAIL")} at {rate:0.#} req/s: p99 overhead {overheadP99:+0.000;-0.000} ms");
            if (!passed)
            {
                return new SearchOutcome(steps, highestPassing, SearchEnd.FirstFailure);
            }

            highestPassing = rate;
        }

        return new SearchOutcome(steps, highestPassing, SearchEnd.EndOfList);
    }

    private string ResolveAppPath()
    {
        string path = options.AppPath ?? Path.Combine(FindRepositoryRoot(), "PromptConsole.Web", "bin", "Release", "net10.0", "PromptConsole.Web.dll");
        return File.Exists(path)
            ? path
            : throw new BenchSetupException($"{path} not found. Build first: dotnet build -c Release bench/PromptConsole.Bench (or pass --app).");
    }

    /// <summary>Built with the runner (its project references the forwarder's).</summary>
    private static string ResolveForwarderPath()
    {
        string path = Path.Combine(FindRepositoryRoot(), "bench", "PromptConsole.Bench.Forwarder", "bin", "Release", "net10.0", "PromptConsole.Bench.Forwarder.dll");
        return File.Exists(path)
            ? path
            : throw new BenchSetupException($"{path} not found. Build first: dotnet build -c Release bench/PromptConsole.Bench (or pass --no-floor).");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PromptConsole.sln")))
            {
                return directory.FullName;
            }
        }

        throw new BenchSetupException("Could not find PromptConsole.sln above the runner; pass --app <path to PromptConsole.Web.dll>.");
    }

    private static SocketsHttpHandler CreateHandler(int maxConnections) => new()
    {
        // Enough keep-alive connections that open-loop requests never queue inside the client.
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    private static TimeSpan Max(TimeSpan first, TimeSpan second) => first > second ? first : second;
}
