using System.Globalization;

namespace PromptConsole.Bench;

internal enum ScenarioSelection
{
    Both,
    DirectOnly,
}

/// <summary>Command-line settings; every run is bounded in request count and time.</summary>
internal sealed record BenchOptions
{
    public const int MaxRequestsPerRun = 5_000_000;

    public IReadOnlyList<double> Rates { get; init; } = [500, 1000];
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public bool Search { get; init; } = true;

    /// <summary>Scenario (d): the same load through the bare forwarder, the floor under any ASP.NET Core gateway here.</summary>
    public bool Floor { get; init; } = true;
    public IReadOnlyList<double> SearchRates { get; init; } = [500, 1000, 1500, 2000, 3000, 4000, 5000, 6000, 8000, 10000];
    public TimeSpan SearchStepDuration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan SearchStepWarmup { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan SearchBudget { get; init; } = TimeSpan.FromSeconds(180);
    public double OverheadP99LimitMs { get; init; } = 1;
    public ScenarioSelection Scenarios { get; init; } = ScenarioSelection.Both;
    public string? AppPath { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> AppEnvironment { get; init; } = [];
    public int MaxConnections { get; init; } = 2048;
    public int MaxInFlight { get; init; } = 20_000;
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public bool ShowHelp { get; init; }

    /// <summary>The gateway-overhead a/b comparison and the rate search.</summary>
    public bool RunOverhead { get; init; } = true;

    /// <summary>Telemetry on vs off: two app processes, phases interleaved.</summary>
    public bool RunTelemetry { get; init; } = true;

    /// <summary>Cost of one /metrics scrape with many execution series.</summary>
    public bool RunScrape { get; init; } = true;

    /// <summary>Saturated execute (simulator at 0 ms) and exact-cache hit against /healthz of the same process.</summary>
    public bool RunRatios { get; init; } = true;

    /// <summary>SQLite insert cost per execution record, the recorder's path against the previous one (in process).</summary>
    public bool RunRecording { get; init; } = true;

    public TimeSpan RatioDuration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RatioWarmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What routing adds per execution with 20 running experiments (in process, seconds).</summary>
    public bool RunRouting { get; init; } = true;

    /// <summary>all-MiniLM-L6-v2 in process: first load, one-thread p50/p99, batch throughput (in process, ~40 s).</summary>
    public bool RunEmbeddings { get; init; } = true;

    /// <summary>The semantic cache's vector indexes: lookup p50/p99 at 10k and 100k entries, recall (in process, minutes).</summary>
    public bool RunVectors { get; init; } = true;

    public IReadOnlyList<int> VectorSizes { get; init; } = [10_000, 100_000];

    public double TelemetryRate { get; init; } = 1000;
    public TimeSpan TelemetryDuration { get; init; } = TimeSpan.FromSeconds(30);
    public int TelemetryRounds { get; init; } = 2;
    public TimeSpan SaturationDuration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan SaturationWarmup { get; init; } = TimeSpan.FromSeconds(2);
    public int SaturationClients { get; init; } = 32;
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);
    public int ScrapeSeries { get; init; } = 1000;
    public int Scrapes { get; init; } = 200;
    public int ScrapeWarmups { get; init; } = 20;

    /// <summary>Scrapes ask for a gzip body (<c>Accept-Encoding: gzip</c>), as Prometheus does.</summary>
    public bool ScrapeGzip { get; init; }

    /// <summary>Where to write the last scraped body (uncompressed), for counting lines per family.</summary>
    public string? ScrapeBodyPath { get; init; }

    /// <summary>After the measured scrapes, keep scraping this long with the app's pid printed, so a profiler can attach.</summary>
    public TimeSpan ScrapeHold { get; init; } = TimeSpan.Zero;

    /// <summary>Whether any part needs PromptConsole started.</summary>
    public bool NeedsApp => (RunOverhead && Scenarios == ScenarioSelection.Both) || RunTelemetry || RunScrape || RunRatios;

    public const string Usage = """
        PromptConsole gateway benchmarks (open-loop, fixed-rate, loopback only): gateway overhead,
        telemetry on vs off, cost of one /metrics scrape, routing with 20 running experiments,
        the in-process embedding model, the semantic cache's vector indexes.

        Usage: bench/run.sh [options]

        Parts (all six run by default):
          --no-telemetry         skip the telemetry on/off comparison
          --no-scrape            skip the /metrics scrape cost
          --no-routing           skip the routing cost
          --overhead-only        only the gateway overhead a/b comparison (with /healthz) and the rate search
          --telemetry-only       only the telemetry on/off comparison
          --scrape-only          only the /metrics scrape cost
          --no-ratios            skip saturated execute / cache hit vs /healthz
          --ratios-only          only saturated execute / cache hit vs /healthz (~1 min)
          --no-recording         skip the SQLite insert cost per execution record
          --recording-only       only the SQLite insert cost per execution record (in process, ~20 s)
          --routing-only         only the routing cost (in process, a few seconds)
          --no-embeddings        skip the embedding model figures
          --embeddings-only      only the embedding model figures (in process, ~40 s)
          --no-vector            skip the vector index figures
          --vector-only          only the vector index figures (in process, ~5–15 min on a busy 2-core machine: building 100k-entry graphs)
          --vector-sizes <n,...> entries per index (default 10000,100000)
          --direct-only          only scenario (a): load straight to the stub; no PromptConsole

        Gateway overhead:
          --duration <s>         measured seconds per scenario and rate (default 30)
          --warmup <s>           unmeasured seconds at the same rate before each run, also before
                                 each telemetry phase (default 5)
          --quick                duration 5, warmup 2, search steps of 3 s, search budget 60 s;
                                 telemetry phases of 5 s + 3 s saturation; 50 scrapes
          --rates <r1,r2,...>    rates in requests/second for the a/b comparison (default 500,1000)
          --no-search            skip the search for the highest rate within the p99 overhead limit
          --no-floor             skip scenario (d), the bare forwarder (Kestrel in, HttpClient out):
                                 the floor under any ASP.NET Core gateway on this machine
          --search-rates <...>   rates tried in order, stopping at the first failure
                                 (default 500,1000,1500,2000,3000,4000,5000,6000,8000,10000)
          --step <s>             measured seconds per search step (default 10)
          --search-budget <s>    stop searching when the next step would pass this total (default 180)
          --overhead-p99-limit <ms>  p99 overhead over the direct path a search step must stay within (default 1)

        Telemetry on vs off (two PromptConsole processes, phases interleaved off,on,on,off,...):
          --telemetry-rate <r>   fixed rate of each phase in req/s (default 1000)
          --telemetry-duration <s>  measured seconds at that rate per phase (default 30)
          --telemetry-rounds <n> rounds, each one phase per configuration (default 2, 2..10)
          --saturation <s>       measured seconds of closed-loop saturation per phase (default 10)
          --saturation-clients <n>  closed-loop clients (default 32)
          --scrape-interval <s>  /metrics scrape interval of the "on" phases (default 1)

        /metrics scrape cost:
          --scrape-series <n>    execution series to create, rounded up to a multiple of 4 (default 1000)
          --scrapes <n>          measured sequential scrapes (default 200) after 20 warm-up scrapes
          --scrape-gzip          ask for a gzip body (Accept-Encoding: gzip), as Prometheus does
          --scrape-body <path>   write the last scraped body there (for counting lines per family)
          --scrape-hold <s>      afterwards keep scraping for s seconds, pid printed, to attach a profiler

        Common:
          --app <path>           PromptConsole.Web.dll to start
                                 (default PromptConsole.Web/bin/Release/net10.0/PromptConsole.Web.dll)
          --app-env NAME=VALUE   extra environment for PromptConsole and the bare forwarder, repeatable, applied last
                                 (e.g. DOTNET_gcServer=0, PromptConsole__Resilience__MaxRetries=0)
          --max-connections <n>  pooled connections per server in the load generator (default 2048)
          --timeout <s>          per-request timeout (default 5)
          --help
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var explicitlySet = new HashSet<string>();
        bool quick = false;
        for (int index = 0; index < args.Count; index++)
        {
            string name = args[index];
            string Value()
            {
                if (index + 1 >= args.Count)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++index];
            }

            explicitlySet.Add(name);
            options = name switch
            {
                "--duration" => options with { Duration = Seconds(name, Value()) },
                "--warmup" => options with { Warmup = Seconds(name, Value(), allowZero: true) },
                "--quick" => options,
                "--rates" => options with { Rates = RateList(name, Value()) },
                "--no-search" => options with { Search = false },
                "--no-floor" => options with { Floor = false },
                "--search-rates" => options with { SearchRates = RateList(name, Value()) },
                "--step" => options with { SearchStepDuration = Seconds(name, Value()) },
                "--search-budget" => options with { SearchBudget = Seconds(name, Value()) },
                "--overhead-p99-limit" => options with { OverheadP99LimitMs = Positive(name, Value()) },
                "--direct-only" => options with { Scenarios = ScenarioSelection.DirectOnly, RunTelemetry = false, RunScrape = false, RunRouting = false, RunEmbeddings = false, RunRatios = false, RunRecording = false, RunVectors = false },
                "--no-telemetry" => options with { RunTelemetry = false },
                "--no-scrape" => options with { RunScrape = false },
                "--telemetry-only" => options with { RunOverhead = false, RunScrape = false, RunRouting = false, RunEmbeddings = false, RunRatios = false, RunRecording = false, RunVectors = false },
                "--overhead-only" => options with { RunTelemetry = false, RunScrape = false, RunRouting = false, RunEmbeddings = false, RunRatios = false, RunRecording = false, RunVectors = false },
                "--scrape-only" => options with { RunOverhead = false, RunTelemetry = false, RunRouting = false, RunEmbeddings = false, RunRatios = false, RunRecording = false, RunVectors = false },
                "--routing-only" => options with { RunOverhead = false, RunTelemetry = false, RunScrape = false, RunEmbeddings = false, RunRatios = false, RunRecording = false, RunVectors = false },
                "--no-routing" => options with { RunRouting = false },
                "--embeddings-only" => options with { RunOverhead = false, RunTelemetry = false, RunScrape = false, RunRouting = false, RunRatios = false, RunRecording = false, RunVectors = false },
                "--no-embeddings" => options with { RunEmbeddings = false },
                "--no-ratios" => options with { RunRatios = false },
                "--no-recording" => options with { RunRecording = false },
                "--recording-only" => options with { RunOverhead = false, RunTelemetry = false, RunScrape = false, RunRouting = false, RunEmbeddings = false, RunRatios = false, RunVectors = false },
                "--ratios-only" => options with { RunOverhead = false, RunTelemetry = false, RunScrape = false, RunRouting = false, RunEmbeddings = false, RunRecording = false, RunVectors = false },
                "--ratio-duration" => options with { RatioDuration = Seconds(name, Value()) },
                "--vector-only" => options with { RunOverhead = false, RunTelemetry = false, RunScrape = false, RunRouting = false, RunEmbeddings = false, RunRatios = false, RunRecording = false },
                "--no-vector" => options with { RunVectors = false },
                "--vector-sizes" => options with { VectorSizes = SizeList(name, Value()) },
                "--telemetry-rate" => options with { TelemetryRate = RateList(name, Value()) is [var single] ? single : throw new ArgumentException($"{name} takes one rate.") },
                "--telemetry-duration" => options with { TelemetryDuration = Seconds(name, Value()) },
                "--telemetry-rounds" => options with { TelemetryRounds = Count(name, Value(), 2, 10) },
                "--saturation" => options with { SaturationDuration = Seconds(name, Value()) },
                "--saturation-clients" => options with { SaturationClients = Count(name, Value(), 1, Load.ClosedLoopSaturation.MaxClients) },
                "--scrape-interval" => options with { ScrapeInterval = Seconds(name, Value()) },
                "--scrape-series" => options with { ScrapeSeries = Count(name, Value(), 4, 20_000) },
                "--scrapes" => options with { Scrapes = Count(name, Value(), 1, 10_000) },
                "--scrape-gzip" => options with { ScrapeGzip = true },
                "--scrape-body" => options with { ScrapeBodyPath = Path.GetFullPath(Value()) },
                "--scrape-hold" => options with { ScrapeHold = Seconds(name, Value()) },
                "--app" => options with { AppPath = Path.GetFullPath(Value()) },
                "--app-env" => options with { AppEnvironment = [.. options.AppEnvironment, EnvironmentSetting(name, Value())] },
                "--max-connections" => options with { MaxConnections = (int)Positive(name, Value()) },
                "--timeout" => options with { RequestTimeout = Seconds(name, Value()) },
                "--help" or "-h" => options with { ShowHelp = true },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
            quick |= name == "--quick";
        }

        if (quick)
        {
            // Explicit flags win over the quick defaults, whatever their order.
            options = options with
            {
                Duration = explicitlySet.Contains("--duration") ? options.Duration : TimeSpan.FromSeconds(5),
                Warmup = explicitlySet.Contains("--warmup") ? options.Warmup : TimeSpan.FromSeconds(2),
                SearchStepDuration = explicitlySet.Contains("--step") ? options.SearchStepDuration : TimeSpan.FromSeconds(3),
                SearchStepWarmup = TimeSpan.FromSeconds(1),
                SearchBudget = explicitlySet.Contains("--search-budget") ? options.SearchBudget : TimeSpan.FromSeconds(60),
                TelemetryDuration = explicitlySet.Contains("--telemetry-duration") ? options.TelemetryDuration : TimeSpan.FromSeconds(5),
                SaturationDuration = explicitlySet.Contains("--saturation") ? options.SaturationDuration : TimeSpan.FromSeconds(3),
                SaturationWarmup = TimeSpan.FromSeconds(1),
                Scrapes = explicitlySet.Contains("--scrapes") ? options.Scrapes : 50,
                RatioDuration = explicitlySet.Contains("--ratio-duration") ? options.RatioDuration : TimeSpan.FromSeconds(3),
                RatioWarmup = TimeSpan.FromSeconds(1),
                ScrapeWarmups = 5,
            };
        }

        string[] exclusive = ["--overhead-only", "--direct-only", "--telemetry-only", "--scrape-only", "--routing-only", "--embeddings-only", "--ratios-only", "--recording-only", "--vector-only"];
        if (exclusive.Count(explicitlySet.Contains) > 1)
        {
            throw new ArgumentException($"Choose one of {string.Join(", ", exclusive)}.");
        }

        if (!options.RunOverhead && !options.RunTelemetry && !options.RunScrape && !options.RunRouting && !options.RunEmbeddings && !options.RunRatios && !options.RunRecording && !options.RunVectors)
        {
            throw new ArgumentException("Nothing left to run.");
        }

        options.Validate();
        return options;
    }

    private void Validate()
    {
        foreach (double rate in Rates.Concat(SearchRates))
        {
            foreach (var duration in new[] { Duration, Warmup, SearchStepDuration })
            {
                if (rate * duration.TotalSeconds > MaxRequestsPerRun)
                {
                    throw new ArgumentException($"{rate} req/s for {duration.TotalSeconds} s exceeds {MaxRequestsPerRun} requests per run.");
                }
            }
        }

        foreach (var duration in new[] { TelemetryDuration, Warmup })
        {
            if (TelemetryRate * duration.TotalSeconds > MaxRequestsPerRun)
            {
                throw new ArgumentException($"{TelemetryRate} req/s for {duration.TotalSeconds} s exceeds {MaxRequestsPerRun} requests per run.");
            }
        }
    }

    private static int Count(string name, string value, int minimum, int maximum)
    {
        double number = Number(name, value);
        return number >= minimum && number <= maximum && number == Math.Floor(number)
            ? (int)number
            : throw new ArgumentException($"{name} takes a whole number from {minimum} to {maximum}.");
    }

    private static KeyValuePair<string, string> EnvironmentSetting(string name, string value)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new KeyValuePair<string, string>(value[..equals], value[(equals + 1)..])
            : throw new ArgumentException($"{name} takes NAME=VALUE, not '{value}'.");
    }

    private static TimeSpan Seconds(string name, string value, bool allowZero = false)
    {
        double seconds = Number(name, value);
        if (seconds < 0 || (!allowZero && seconds == 0) || seconds > 600)
        {
            throw new ArgumentException($"{name} must be between {(allowZero ? 0 : 1)} and 600 seconds.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static double Positive(string name, string value)
    {
        double number = Number(name, value);
        return number > 0 ? number : throw new ArgumentException($"{name} must be positive.");
    }

    private static IReadOnlyList<double> RateList(string name, string value)
    {
        var rates = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => Positive(name, part))
            .ToList();
        if (rates.Count == 0 || rates.Any(rate => rate > 100_000))
        {
            throw new ArgumentException($"{name} takes a comma-separated list of rates between 1 and 100000 req/s.");
        }

        return rates;
    }

    private static IReadOnlyList<int> SizeList(string name, string value)
    {
        var sizes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => Count(name, part, 100, 1_000_000))
            .ToList();
        return sizes.Count > 0 ? sizes : throw new ArgumentException($"{name} takes a comma-separated list of entry counts.");
    }

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? number
            : throw new ArgumentException($"{name}: '{value}' is not a number.");
}
