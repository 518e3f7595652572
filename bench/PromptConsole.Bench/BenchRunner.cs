using System.Diagnostics;
using System.Net;
using PromptConsole.Bench.Load;

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

internal sealed record SearchStep(double Rate, MeasuredRun Run, bool Passed);

internal enum SearchEnd
{
    NotRun,
    FirstFailure,
    Budget,
    EndOfList,
}

internal sealed record SearchOutcome(IReadOnlyList<SearchStep> Steps, double? HighestPassingRate, SearchEnd End);

/// <summary>Starts the stub and PromptConsole, runs the a/b comparison and the rate search, prints the figures.</summary>
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
        var generator = new OpenLoopLoadGenerator(client, options.MaxInFlight, options.RequestTimeout + TimeSpan.FromSeconds(1));

        await using var stub = await StubModelServer.StartAsync(cancellationToken);
        string? appPath = options.Scenarios == ScenarioSelection.Both ? ResolveAppPath() : null;
        report.Header(options, stub, appPath);

        GatewayProcess? gateway = null;
        EventHandler? killOnExit = null;
        try
        {
            var direct = Scenario.Direct(stub);
            Scenario? viaGateway = null;
            if (appPath is not null)
            {
                gateway = await GatewayProcess.StartAsync(appPath, stub.BaseUri, options.AppEnvironment, client, cancellationToken);
                var started = gateway;
                killOnExit = (_, _) => started.KillNow();
                AppDomain.CurrentDomain.ProcessExit += killOnExit;
                report.Line($"PromptConsole started: pid {gateway.ProcessId}, {gateway.BaseUri}");
                await gateway.CreateBenchPromptAsync(client, cancellationToken);
                await VerifyGatewayReachesStubAsync(gateway, stub, client, cancellationToken);
                viaGateway = Scenario.Gateway(gateway);
            }

            var comparisons = new List<(double Rate, MeasuredRun Direct, MeasuredRun? Gateway)>();
            foreach (double rate in options.Rates)
            {
                // The first warm-up of each scenario also carries JIT tiering of a cold process: give it time.
                var warmup = comparisons.Count == 0 ? Max(options.Warmup, FirstWarmupMinimum) : options.Warmup;
                report.Section($"{rate:0.#} req/s for {options.Duration.TotalSeconds:0.#} s (after {warmup.TotalSeconds:0.#} s warm-up)");
                var directRun = await MeasureAsync(generator, stub, direct, rate, warmup, options.Duration, cancellationToken);
                MeasuredRun? gatewayRun = null;
                if (viaGateway is not null)
                {
                    gatewayRun = await MeasureAsync(generator, stub, viaGateway, rate, warmup, options.Duration, cancellationToken);
                    report.Overhead(directRun, gatewayRun);
                }

                comparisons.Add((rate, directRun, gatewayRun));
            }

            var search = viaGateway is not null && options.Search
                ? await SearchHighestRateAsync(generator, stub, viaGateway, cancellationToken)
                : new SearchOutcome([], null, SearchEnd.NotRun);

            report.Summary(options, comparisons, search);
        }
        finally
        {
            if (killOnExit is not null)
            {
                AppDomain.CurrentDomain.ProcessExit -= killOnExit;
            }

            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    private async Task<MeasuredRun> MeasureAsync(
        OpenLoopLoadGenerator generator,
        StubModelServer stub,
        Scenario scenario,
        double rate,
        TimeSpan warmup,
        TimeSpan duration,
        CancellationToken cancellationToken)
    {
        if (warmup > TimeSpan.Zero)
        {
            var warmupResult = await generator.RunAsync(new LoadRunSpec($"{scenario.Name} warm-up", scenario.Target, rate, warmup, scenario.CreateContent), cancellationToken);
            if (warmupResult.Failed > 0)
            {
                report.Errors($"{scenario.Name} warm-up", warmupResult);
            }

            if (warmupResult.Failed * 2 > warmupResult.Spec.RequestCount)
            {
                throw new BenchSetupException($"Most {scenario.Name} warm-up requests failed; not measuring. First error: {warmupResult.FirstErrorDetail}");
            }
        }

        // Let stragglers and background work (the recorder's batch writes) settle between runs.
        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        long providerCallsBefore = stub.CompletionCalls;
        var runner = Process.GetCurrentProcess();
        var runnerCpuBefore = runner.TotalProcessorTime;
        var appCpuBefore = scenario.AppCpuTime?.Invoke();
        var result = await generator.RunAsync(new LoadRunSpec(scenario.Name, scenario.Target, rate, duration, scenario.CreateContent), cancellationToken);
        runner.Refresh();
        var run = new MeasuredRun(
            scenario,
            result,
            stub.CompletionCalls - providerCallsBefore,
            runner.TotalProcessorTime - runnerCpuBefore,
            scenario.AppCpuTime?.Invoke() - appCpuBefore);
        report.Run(run);
        return run;
    }

    private async Task<SearchOutcome> SearchHighestRateAsync(OpenLoopLoadGenerator generator, StubModelServer stub, Scenario gateway, CancellationToken cancellationToken)
    {
        report.Section($"Search: highest rate with gateway p99 < {options.P99LimitMs:0.###} ms and no errors ({options.SearchStepDuration.TotalSeconds:0.#} s steps, budget {options.SearchBudget.TotalSeconds:0} s)");
        var steps = new List<SearchStep>();
        var elapsed = Stopwatch.StartNew();
        double? highestPassing = null;
        foreach (double rate in options.SearchRates)
        {
            var stepCost = options.SearchStepWarmup + options.SearchStepDuration + TimeSpan.FromSeconds(1);
            if (elapsed.Elapsed + stepCost > options.SearchBudget)
            {
                report.Line($"search budget of {options.SearchBudget.TotalSeconds:0} s reached before {rate:0.#} req/s");
                return new SearchOutcome(steps, highestPassing, SearchEnd.Budget);
            }

            var run = await MeasureAsync(generator, stub, gateway, rate, options.SearchStepWarmup, options.SearchStepDuration, cancellationToken);
            bool passed = run.Result.Failed == 0 && run.Result.Latency.P99Ms < options.P99LimitMs;
            steps.Add(new SearchStep(rate, run, passed));
            report.Line($"  {(passed ? "pass" : "FAIL")} at {rate:0.#} req/s");
            if (!passed)
            {
                return new SearchOutcome(steps, highestPassing, SearchEnd.FirstFailure);
            }

            highestPassing = rate;
        }

        return new SearchOutcome(steps, highestPassing, SearchEnd.EndOfList);
    }

    private async Task VerifyGatewayReachesStubAsync(GatewayProcess gateway, StubModelServer stub, HttpClient client, CancellationToken cancellationToken)
    {
        long before = stub.CompletionCalls;
        string body = await gateway.ExecuteOnceAsync(client, cancellationToken);
        long calls = stub.CompletionCalls - before;
        report.Line($"check: one execute call → {calls} stub call(s); response {Shorten(body, 300)}");
        if (calls < 1)
        {
            throw new BenchSetupException("PromptConsole answered without calling the stub model: the provider configuration did not take effect, so there is nothing to measure." + gateway.OutputTail());
        }
    }

    private string ResolveAppPath()
    {
        string path = options.AppPath ?? Path.Combine(FindRepositoryRoot(), "PromptConsole.Web", "bin", "Release", "net10.0", "PromptConsole.Web.dll");
        return File.Exists(path)
            ? path
            : throw new BenchSetupException($"{path} not found. Build first: dotnet build -c Release bench/PromptConsole.Bench (or pass --app).");
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

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
