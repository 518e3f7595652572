using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PromptConsole.Bench;

/// <summary>
/// Everything the runner prints: progress as it goes, then a summary table and one
/// <c>name@rate=value</c> line per figure for scripts to grep.
/// </summary>
internal sealed class BenchReport(TextWriter output)
{
    private const double AimOverheadP50Ms = 0.2;
    private const double AimOverheadP99Ms = 0.5;
    private const double AimRate = 1000;
    private const double GeneratorLagWarningMs = 0.5;

    public void Line(string text) => output.WriteLine(text);

    public void Section(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title}");
    }

    public void Header(BenchOptions options, StubModelServer stub, string? appPath)
    {
        output.WriteLine("PromptConsole gateway-overhead benchmark");
        output.WriteLine($"started    {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm:ss}Z");
        output.WriteLine($"machine    {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{LoadAverage()}");
        output.WriteLine($"generator  open loop at a fixed rate, latency from each request's due time; HTTP/1.1 keep-alive, up to {options.MaxConnections} connections; {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        output.WriteLine($"stub       {stub.CompletionsUri} (zero latency, pre-serialized answer, same process as the generator)");
        output.WriteLine(appPath is null
            ? "app        not started (--direct-only)"
            : $"app        {appPath} ({AppGcMode(appPath)} GC in its runtimeconfig)");
        if (appPath is not null && options.AppEnvironment.Count > 0)
        {
            output.WriteLine($"app env    {string.Join(" ", options.AppEnvironment.Select(pair => $"{pair.Key}={pair.Value}"))}");
        }

        output.WriteLine($"runs       {string.Join(", ", options.Rates.Select(rate => $"{rate:0.#}"))} req/s, {options.Duration.TotalSeconds:0.#} s each after {options.Warmup.TotalSeconds:0.#} s warm-up (the first at least 10 s)");
    }

    public void Run(MeasuredRun run)
    {
        var result = run.Result;
        var latency = result.Latency;
        string provider = run.Scenario.Name == "direct" ? "" : $" | stub calls/request {run.ProviderCallsPerSuccess:0.00}";
        string cpu = $" | CPU/request: runner {run.RunnerCpuMicrosecondsPerRequest:0} µs"
            + (run.AppCpuMicrosecondsPerRequest is { } app ? $", app {app:0} µs ({run.AppMachineShare:0%} of the machine)" : "");
        output.WriteLine(
            $"  {run.Scenario.Name,-8} {run.Rate,6:0.#} req/s: p50 {latency.P50Ms:0.000}  p90 {latency.P90Ms:0.000}  p99 {latency.P99Ms:0.000}  max {latency.MaxMs:0.000} ms"
            + $" | achieved {result.AchievedRatePerSecond:0.0} req/s | {result.Sent} sent, {result.Failed} errors | due-time lag p99 {result.SendLag.P99Ms:0.000} ms{provider}{cpu}");
        if (result.Failed > 0)
        {
            Errors(run.Scenario.Name, result);
        }

        if (result.SendLag.P99Ms > GeneratorLagWarningMs)
        {
            output.WriteLine("    note: the generator itself sent late (p99 above) — the machine was busy; both scenarios' latencies include such delays");
        }

        if (run.Scenario.Name != "direct" && result.Succeeded > 0 && Math.Abs(run.ProviderCallsPerSuccess - 1) > 0.01)
        {
            output.WriteLine(run.ProviderCallsPerSuccess < 1
                ? "    warning: fewer stub calls than answers — some answers did not go to the provider (cache?), so the overhead is understated"
                : "    warning: more stub calls than answers — the gateway retried or fell back");
        }
    }

    public void Errors(string label, Load.LoadRunResult result)
    {
        output.WriteLine($"    {label}: {result.Failed} of {result.Spec.RequestCount} failed: {string.Join(", ", result.ErrorsByKind.Select(pair => $"{pair.Key} × {pair.Value}"))}");
        if (result.FirstErrorDetail is not null)
        {
            output.WriteLine($"    first error: {result.FirstErrorDetail}");
        }
    }

    public void Overhead(MeasuredRun direct, MeasuredRun gateway) =>
        output.WriteLine($"  overhead (b − a) at {direct.Rate:0.#} req/s: p50 {Signed(gateway.Result.Latency.P50Ms - direct.Result.Latency.P50Ms)} ms, p99 {Signed(gateway.Result.Latency.P99Ms - direct.Result.Latency.P99Ms)} ms");

    public void Summary(BenchOptions options, IReadOnlyList<(double Rate, MeasuredRun Direct, MeasuredRun? Gateway)> comparisons, SearchOutcome search)
    {
        Section("Summary (milliseconds; a = straight to the stub, b = through PromptConsole)");
        output.WriteLine($"{"rate/s",7} | {"a p50",7} {"a p99",7} | {"b p50",7} {"b p99",7} | {"ovh p50",8} {"ovh p99",8} | {"a errors",8} {"b errors",8} | {"b achieved/s",12} | {"lag p99 a",9} {"lag p99 b",9}");
        foreach (var (rate, direct, gateway) in comparisons)
        {
            var a = direct.Result;
            var b = gateway?.Result;
            output.WriteLine(
                $"{rate,7:0.#} | {a.Latency.P50Ms,7:0.000} {a.Latency.P99Ms,7:0.000} | {Cell(b?.Latency.P50Ms),7} {Cell(b?.Latency.P99Ms),7} | "
                + $"{Cell(b?.Latency.P50Ms - a.Latency.P50Ms),8} {Cell(b?.Latency.P99Ms - a.Latency.P99Ms),8} | {a.Failed,8} {(b is null ? "-" : b.Failed.ToString()),8} | {(b is null ? "-" : b.AchievedRatePerSecond.ToString("0.0")),12} | {a.SendLag.P99Ms,9:0.000} {Cell(b?.SendLag.P99Ms),9}");
        }

        if (search.End != SearchEnd.NotRun)
        {
            string highest = search.HighestPassingRate is { } passing ? $"{passing:0.#} req/s" : "none";
            string why = search.End switch
            {
                SearchEnd.FirstFailure => $"{search.Steps[^1].Rate:0.#} req/s failed: p99 {search.Steps[^1].Run.Result.Latency.P99Ms:0.000} ms, {search.Steps[^1].Run.Result.Failed} errors"
                    + (FailedOnBusyMachine(search) ? $"; the generator itself ran late (lag p99 {search.Steps[^1].Run.Result.SendLag.P99Ms:0.000} ms): the machine was busy, repeat on a quiet one" : ""),
                SearchEnd.Budget => "search budget reached: a lower bound",
                _ => "highest rate tried: a lower bound",
            };
            output.WriteLine($"highest rate with b p99 < {options.P99LimitMs:0.###} ms: {highest} ({why})");
        }

        Section("Figures");
        foreach (var (rate, direct, gateway) in comparisons)
        {
            Figures("direct", rate, direct);
            if (gateway is not null)
            {
                Figures("gateway", rate, gateway);
                Figure($"overhead_p50_ms@{rate:0.#}", $"{gateway.Result.Latency.P50Ms - direct.Result.Latency.P50Ms:0.000}");
                Figure($"overhead_p99_ms@{rate:0.#}", $"{gateway.Result.Latency.P99Ms - direct.Result.Latency.P99Ms:0.000}");
            }
        }

        if (search.End != SearchEnd.NotRun)
        {
            Figure($"max_rate_gateway_p99_under_{options.P99LimitMs:0.###}ms", $"{search.HighestPassingRate ?? 0:0.#}");
            Figure("max_rate_search_end", search.End switch
            {
                SearchEnd.FirstFailure => FailedOnBusyMachine(search) ? "failure-machine-busy" : "failure",
                SearchEnd.Budget => "budget",
                _ => "end-of-list",
            });
        }

        var atAimRate = comparisons.FirstOrDefault(comparison => comparison.Rate == AimRate && comparison.Gateway is not null);
        if (atAimRate.Gateway is not null)
        {
            double overheadP50 = atAimRate.Gateway.Result.Latency.P50Ms - atAimRate.Direct.Result.Latency.P50Ms;
            double overheadP99 = atAimRate.Gateway.Result.Latency.P99Ms - atAimRate.Direct.Result.Latency.P99Ms;
            bool clean = atAimRate.Gateway.Result.Failed == 0 && atAimRate.Direct.Result.Failed == 0;
            // When the generator itself ran late, both runs carry noise larger than the figure being judged.
            bool generatorKeptTime = atAimRate.Gateway.Result.SendLag.P99Ms <= GeneratorLagWarningMs && atAimRate.Direct.Result.SendLag.P99Ms <= GeneratorLagWarningMs;
            Figure($"aim_overhead_p50_le_{AimOverheadP50Ms}ms@{AimRate:0}", Verdict(clean, generatorKeptTime, overheadP50 <= AimOverheadP50Ms));
            Figure($"aim_overhead_p99_le_{AimOverheadP99Ms}ms@{AimRate:0}", Verdict(clean, generatorKeptTime, overheadP99 <= AimOverheadP99Ms));
            Figure("cores", $"{Environment.ProcessorCount}");
        }
    }

    private void Figures(string scenario, double rate, MeasuredRun run)
    {
        var result = run.Result;
        Figure($"{scenario}_p50_ms@{rate:0.#}", $"{result.Latency.P50Ms:0.000}");
        Figure($"{scenario}_p90_ms@{rate:0.#}", $"{result.Latency.P90Ms:0.000}");
        Figure($"{scenario}_p99_ms@{rate:0.#}", $"{result.Latency.P99Ms:0.000}");
        Figure($"{scenario}_max_ms@{rate:0.#}", $"{result.Latency.MaxMs:0.000}");
        Figure($"{scenario}_achieved_rps@{rate:0.#}", $"{result.AchievedRatePerSecond:0.0}");
        Figure($"{scenario}_errors@{rate:0.#}", $"{result.Failed}");
        Figure($"{scenario}_generator_lag_p99_ms@{rate:0.#}", $"{result.SendLag.P99Ms:0.000}");
        if (run.AppCpuMicrosecondsPerRequest is { } appCpu)
        {
            Figure($"{scenario}_app_cpu_us_per_request@{rate:0.#}", $"{appCpu:0}");
        }
    }

    private static bool FailedOnBusyMachine(SearchOutcome search) =>
        search.End == SearchEnd.FirstFailure && search.Steps[^1].Run.Result.SendLag.P99Ms > GeneratorLagWarningMs;

    private static string Verdict(bool clean, bool generatorKeptTime, bool withinAim) =>
        !clean ? "missed" : !generatorKeptTime ? "inconclusive-machine-busy" : withinAim ? "met" : "missed";

    private void Figure(string name, string value) => output.WriteLine($"{name}={value}");

    private static string Cell(double? milliseconds) => milliseconds is { } value ? value.ToString("0.000") : "-";

    private static string Signed(double milliseconds) => milliseconds.ToString("+0.000;-0.000;0.000");

    /// <summary>Other work on the machine skews every figure: show it up front.</summary>
    private static string LoadAverage()
    {
        try
        {
            string[] fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $", load average {fields[0]} {fields[1]} {fields[2]}";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The GC the app will run with, from its runtimeconfig.json (the SDK writes the project's choice there).</summary>
    private static string AppGcMode(string appPath)
    {
        string runtimeConfig = Path.ChangeExtension(appPath, ".runtimeconfig.json");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
            return document.RootElement.TryGetProperty("runtimeOptions", out var runtimeOptions)
                && runtimeOptions.TryGetProperty("configProperties", out var properties)
                && properties.TryGetProperty("System.GC.Server", out var server)
                && server.ValueKind == JsonValueKind.True
                ? "server"
                : "workstation";
        }
        catch (Exception exception) when (exception is IOException or JsonException)
        {
            return "unknown";
        }
    }
}
