using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json;
using PromptConsole.Bench.Load;
using PromptConsole.Bench.Telemetry;
using PromptConsole.Web.Infrastructure.Embeddings;

namespace PromptConsole.Bench;

/// <summary>
/// Everything the runner prints: progress as it goes, then a summary table and one
/// <c>name@rate=value</c> line per figure for scripts to grep.
/// </summary>
internal sealed class BenchReport(TextWriter output)
{
    private const double AimOverheadP50Ms = 0.1;
    private const double AimOverheadP99Ms = 0.5;
    private const double AimRate = 1000;
    private const double AimAppCpuMicroseconds = 100;
    private const double GeneratorLagWarningMs = 0.5;

    public void Line(string text) => output.WriteLine(text);

    public void Section(string title)
    {
        output.WriteLine();
        output.WriteLine($"== {title}");
    }

    public void Header(BenchOptions options, StubModelServer stub, string? appPath)
    {
        output.WriteLine("PromptConsole gateway benchmarks");
        output.WriteLine($"started    {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm:ss}Z");
        output.WriteLine($"machine    {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}{LoadAverage()}");
        output.WriteLine($"generator  open loop at a fixed rate, latency from each request's due time; HTTP/1.1 keep-alive, up to {options.MaxConnections} connections; {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        output.WriteLine($"stub       {stub.CompletionsUri} (zero latency, pre-serialized answer, same process as the generator)");
        output.WriteLine(appPath is null
            ? "app        not started (no part needs it)"
            : $"app        {appPath} ({AppGcMode(appPath)} GC in its runtimeconfig)");
        if (appPath is not null && options.AppEnvironment.Count > 0)
        {
            output.WriteLine($"app env    {string.Join(" ", options.AppEnvironment.Select(pair => $"{pair.Key}={pair.Value}"))}");
        }

        if (options.RunOverhead)
        {
            output.WriteLine($"overhead   {string.Join(", ", options.Rates.Select(rate => $"{rate:0.#}"))} req/s, {options.Duration.TotalSeconds:0.#} s each after {options.Warmup.TotalSeconds:0.#} s warm-up (the first at least 10 s){(options.Search && options.Scenarios == ScenarioSelection.Both ? ", then the rate search" : "")}");
        }

        if (options.RunTelemetry)
        {
            output.WriteLine($"telemetry  on vs off, {options.TelemetryRounds} rounds × 2 phases: {options.TelemetryRate:0.#} req/s for {options.TelemetryDuration.TotalSeconds:0.#} s after {options.Warmup.TotalSeconds:0.#} s warm-up (the first of each at least 10 s), then {options.SaturationDuration.TotalSeconds:0.#} s saturated by {options.SaturationClients} clients");
        }

        if (options.RunScrape)
        {
            output.WriteLine($"scrape     {options.Scrapes} sequential /metrics scrapes with {options.ScrapeSeries} execution series (rounded up to a multiple of 4)");
        }
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

    public void Errors(string label, LoadRunResult result)
    {
        output.WriteLine($"    {label}: {result.Failed} of {result.Spec.RequestCount} failed: {string.Join(", ", result.ErrorsByKind.Select(pair => $"{pair.Key} × {pair.Value}"))}");
        if (result.FirstErrorDetail is not null)
        {
            output.WriteLine($"    first error: {result.FirstErrorDetail}");
        }
    }

    public void Overhead(MeasuredRun direct, MeasuredRun gateway) =>
        output.WriteLine($"  overhead (b − a) at {direct.Rate:0.#} req/s: p50 {Signed(gateway.Result.Latency.P50Ms - direct.Result.Latency.P50Ms)} ms, p99 {Signed(gateway.Result.Latency.P99Ms - direct.Result.Latency.P99Ms)} ms");

    public void Floor(MeasuredRun direct, MeasuredRun floor, MeasuredRun? gateway)
    {
        var a = direct.Result.Latency;
        var d = floor.Result.Latency;
        string overFloor = gateway is null
            ? ""
            : $" | PromptConsole over the floor (b − d): p50 {Signed(gateway.Result.Latency.P50Ms - d.P50Ms)} ms, p99 {Signed(gateway.Result.Latency.P99Ms - d.P99Ms)} ms"
                + (gateway.AppCpuMicrosecondsPerRequest is { } b && floor.AppCpuMicrosecondsPerRequest is { } dCpu ? $", app CPU {b - dCpu:+0;-0} µs" : "");
        output.WriteLine($"  floor (d − a) at {direct.Rate:0.#} req/s: p50 {Signed(d.P50Ms - a.P50Ms)} ms, p99 {Signed(d.P99Ms - a.P99Ms)} ms{overFloor}");
    }

    public void Summary(BenchOptions options, IReadOnlyList<OverheadComparison> comparisons, SearchOutcome search)
    {
        Section("Summary (milliseconds; a = straight to the stub, b = through PromptConsole, c = PromptConsole's /healthz)");
        output.WriteLine($"{"rate/s",7} | {"a p50",7} {"a p99",7} | {"b p50",7} {"b p99",7} | {"ovh p50",8} {"ovh p99",8} | {"a errors",8} {"b errors",8} | {"b achieved/s",12} | {"lag p99 a",9} {"lag p99 b",9} | {"b app µs",8} {"c app µs",8}");
        foreach (var (rate, direct, gateway, healthz, _) in comparisons)
        {
            var a = direct.Result;
            var b = gateway?.Result;
            output.WriteLine(
                $"{rate,7:0.#} | {a.Latency.P50Ms,7:0.000} {a.Latency.P99Ms,7:0.000} | {Cell(b?.Latency.P50Ms),7} {Cell(b?.Latency.P99Ms),7} | "
                + $"{Cell(b?.Latency.P50Ms - a.Latency.P50Ms),8} {Cell(b?.Latency.P99Ms - a.Latency.P99Ms),8} | {a.Failed,8} {(b is null ? "-" : b.Failed.ToString()),8} | {(b is null ? "-" : b.AchievedRatePerSecond.ToString("0.0")),12} | {a.SendLag.P99Ms,9:0.000} {Cell(b?.SendLag.P99Ms),9}"
                + $" | {Micro(gateway?.AppCpuMicrosecondsPerRequest),8} {Micro(healthz?.AppCpuMicrosecondsPerRequest),8}");
        }

        if (comparisons.Any(comparison => comparison.Floor is not null))
        {
            output.WriteLine();
            output.WriteLine("Floor (d = the bare forwarder: Kestrel in, one HttpClient out, bytes copied; the least an ASP.NET Core gateway does)");
            output.WriteLine($"{"rate/s",7} | {"d p50",7} {"d p99",7} | {"d−a p50",8} {"d−a p99",8} | {"b−d p50",8} {"b−d p99",8} | {"d errors",8} | {"d app µs",8} {"b−d µs",8}");
            foreach (var (rate, direct, gateway, _, floor) in comparisons)
            {
                if (floor is null)
                {
                    continue;
                }

                var a = direct.Result;
                var d = floor.Result;
                var b = gateway?.Result;
                output.WriteLine(
                    $"{rate,7:0.#} | {d.Latency.P50Ms,7:0.000} {d.Latency.P99Ms,7:0.000} | {d.Latency.P50Ms - a.Latency.P50Ms,8:0.000} {d.Latency.P99Ms - a.Latency.P99Ms,8:0.000} | "
                    + $"{Cell(b?.Latency.P50Ms - d.Latency.P50Ms),8} {Cell(b?.Latency.P99Ms - d.Latency.P99Ms),8} | {d.Failed,8} | {Micro(floor.AppCpuMicrosecondsPerRequest),8} {Micro(gateway?.AppCpuMicrosecondsPerRequest - floor.AppCpuMicrosecondsPerRequest),8}");
            }
        }

        if (search.End != SearchEnd.NotRun)
        {
            string highest = search.HighestPassingRate is { } passing ? $"{passing:0.#} req/s" : "none";
            string why = search.End switch
            {
                SearchEnd.FirstFailure => $"{search.Steps[^1].Rate:0.#} req/s failed: p99 overhead {search.Steps[^1].OverheadP99Ms:0.000} ms, {search.Steps[^1].Run.Result.Failed + search.Steps[^1].Direct.Result.Failed} errors"
                    + (FailedOnBusyMachine(search) ? $"; the generator itself ran late (lag p99 {search.Steps[^1].Run.Result.SendLag.P99Ms:0.000} ms): the machine was busy, repeat on a quiet one" : ""),
                SearchEnd.Budget => "search budget reached: a lower bound",
                _ => "highest rate tried: a lower bound",
            };
            output.WriteLine($"highest rate with p99 overhead ≤ {options.OverheadP99LimitMs:0.###} ms: {highest} ({why})");
        }

        Section("Figures");
        foreach (var (rate, direct, gateway, healthz, floor) in comparisons)
        {
            Figures("direct", rate, direct);
            if (gateway is not null)
            {
                Figures("gateway", rate, gateway);
                Figure($"overhead_p50_ms@{rate:0.#}", $"{gateway.Result.Latency.P50Ms - direct.Result.Latency.P50Ms:0.000}");
                Figure($"overhead_p99_ms@{rate:0.#}", $"{gateway.Result.Latency.P99Ms - direct.Result.Latency.P99Ms:0.000}");
            }

            if (healthz is not null)
            {
                Figures("healthz", rate, healthz);
            }

            if (floor is not null)
            {
                Figures("floor", rate, floor);
                Figure($"floor_overhead_p50_ms@{rate:0.#}", $"{floor.Result.Latency.P50Ms - direct.Result.Latency.P50Ms:0.000}");
                Figure($"floor_overhead_p99_ms@{rate:0.#}", $"{floor.Result.Latency.P99Ms - direct.Result.Latency.P99Ms:0.000}");
                if (gateway is not null)
                {
                    Figure($"gateway_over_floor_p50_ms@{rate:0.#}", $"{gateway.Result.Latency.P50Ms - floor.Result.Latency.P50Ms:0.000}");
                    Figure($"gateway_over_floor_p99_ms@{rate:0.#}", $"{gateway.Result.Latency.P99Ms - floor.Result.Latency.P99Ms:0.000}");
                    if (gateway.AppCpuMicrosecondsPerRequest - floor.AppCpuMicrosecondsPerRequest is { } overFloorCpu)
                    {
                        Figure($"gateway_over_floor_app_cpu_us@{rate:0.#}", $"{overFloorCpu:0}");
                    }
                }
            }
        }

        if (search.End != SearchEnd.NotRun)
        {
            Figure($"max_rate_overhead_p99_le_{options.OverheadP99LimitMs:0.###}ms", $"{search.HighestPassingRate ?? 0:0.#}");
            Figure("max_rate_search_end", search.End switch
            {
                SearchEnd.FirstFailure => FailedOnBusyMachine(search) ? "failure-machine-busy" : "failure",
                SearchEnd.Budget => "budget",
                _ => "end-of-list",
            });
        }

        var atAimRate = comparisons.FirstOrDefault(comparison => comparison.Rate == AimRate && comparison.Gateway is not null);
        if (atAimRate?.Gateway is { } aimGateway)
        {
            double overheadP50 = aimGateway.Result.Latency.P50Ms - atAimRate.Direct.Result.Latency.P50Ms;
            double overheadP99 = aimGateway.Result.Latency.P99Ms - atAimRate.Direct.Result.Latency.P99Ms;
            bool clean = aimGateway.Result.Failed == 0 && atAimRate.Direct.Result.Failed == 0;
            // When the generator itself ran late, both runs carry noise larger than the figure being judged.
            bool generatorKeptTime = aimGateway.Result.SendLag.P99Ms <= GeneratorLagWarningMs && atAimRate.Direct.Result.SendLag.P99Ms <= GeneratorLagWarningMs;
            Figure($"aim_overhead_p50_le_{AimOverheadP50Ms}ms@{AimRate:0}", Verdict(clean, generatorKeptTime, overheadP50 <= AimOverheadP50Ms));
            Figure($"aim_overhead_p99_le_{AimOverheadP99Ms}ms@{AimRate:0}", Verdict(clean, generatorKeptTime, overheadP99 <= AimOverheadP99Ms));
            if (aimGateway.AppCpuMicrosecondsPerRequest is { } appCpu)
            {
                // CPU time is read from /proc, so a busy machine moves it far less than the latencies.
                Figure($"aim_app_cpu_le_{AimAppCpuMicroseconds:0}us@{AimRate:0}", clean && appCpu <= AimAppCpuMicroseconds ? "met" : "missed");
            }

            // The same aims applied to the bare forwarder: whether any ASP.NET Core gateway could meet them here.
            if (atAimRate.Floor is { } aimFloor)
            {
                bool floorClean = aimFloor.Result.Failed == 0 && atAimRate.Direct.Result.Failed == 0;
                bool floorKeptTime = aimFloor.Result.SendLag.P99Ms <= GeneratorLagWarningMs && atAimRate.Direct.Result.SendLag.P99Ms <= GeneratorLagWarningMs;
                Figure($"floor_within_aim_overhead_p50_le_{AimOverheadP50Ms}ms@{AimRate:0}", Verdict(floorClean, floorKeptTime, aimFloor.Result.Latency.P50Ms - atAimRate.Direct.Result.Latency.P50Ms <= AimOverheadP50Ms));
                Figure($"floor_within_aim_overhead_p99_le_{AimOverheadP99Ms}ms@{AimRate:0}", Verdict(floorClean, floorKeptTime, aimFloor.Result.Latency.P99Ms - atAimRate.Direct.Result.Latency.P99Ms <= AimOverheadP99Ms));
                if (aimFloor.AppCpuMicrosecondsPerRequest is { } floorCpu)
                {
                    Figure($"floor_within_aim_app_cpu_le_{AimAppCpuMicroseconds:0}us@{AimRate:0}", floorClean && floorCpu <= AimAppCpuMicroseconds ? "met" : "missed");
                }
            }
        }
    }

    /// <summary>Ends the output: figures every part shares.</summary>
    public void Closing() => Figure("cores", $"{Environment.ProcessorCount}");

    public void TelemetryPhase(TelemetryPhase phase)
    {
        var saturation = phase.Saturation;
        string scrapes = phase.Scrapes is { } loop
            ? $" | /metrics scrapes {loop.Scrapes} ({loop.Failures} failed{(loop.FirstError is null ? "" : $": {loop.FirstError}")}, max {loop.MaxMs:0.0} ms, {(loop.Scrapes == 0 ? 0 : loop.Bytes / loop.Scrapes / 1024.0):0.0} KiB each)"
            : "";
        string exported = phase.Mode == TelemetryMode.On || phase.Exported.Requests > 0
            ? $" | OTLP received {phase.Exported.Requests} requests, {phase.Exported.Bytes / 1024.0:0} KiB, {phase.Exported.Spans} spans{(phase.Exported.Malformed > 0 ? $", {phase.Exported.Malformed} unreadable" : "")}"
                + (phase.Mode == TelemetryMode.Off ? " (the \"on\" app's last batches, exported up to 5 s late)" : "")
            : "";
        output.WriteLine($"  {TelemetryComparison.Name(phase.Mode),-8} saturated: {saturation.SucceededPerSecond:0.0} req/s with {saturation.Clients} closed-loop clients over {saturation.Duration.TotalSeconds:0.#} s, {saturation.Failed} errors{scrapes}{exported}");
        if (saturation.FirstErrorDetail is not null)
        {
            output.WriteLine($"    first saturation error: {saturation.FirstErrorDetail}");
        }
    }

    public void TelemetrySummary(TelemetryComparisonOutcome outcome)
    {
        double rate = outcome.Rate;
        var off = TelemetrySide.Of(outcome.PhasesOf(TelemetryMode.Off));
        var on = TelemetrySide.Of(outcome.PhasesOf(TelemetryMode.On));

        Section($"Telemetry on vs off: summary (latency in ms at {rate:0.#} req/s from due time; throughput = closed-loop saturation, answers/s)");
        output.WriteLine($"{"phase",-10} | {"p50",7} {"p99",7} {"max",8} | {"errors",6} | {"lag p99",7} | {"app µs/req",10} | {"throughput/s",12} {"sat errors",10}");
        foreach (var phase in outcome.Phases)
        {
            var result = phase.FixedRate.Result;
            output.WriteLine(
                $"{$"{phase.Round} {TelemetryComparison.Name(phase.Mode)}",-10} | {result.Latency.P50Ms,7:0.000} {result.Latency.P99Ms,7:0.000} {result.Latency.MaxMs,8:0.000} | {result.Failed,6} | "
                + $"{result.SendLag.P99Ms,7:0.000} | {phase.FixedRate.AppCpuMicrosecondsPerRequest ?? double.NaN,10:0} | {phase.Saturation.SucceededPerSecond,12:0.0} {phase.Saturation.Failed,10}");
        }

        foreach (var (name, side) in new[] { ("pooled off", off), ("pooled on", on) })
        {
            output.WriteLine(
                $"{name,-10} | {side.Latency.P50Ms,7:0.000} {side.Latency.P99Ms,7:0.000} {side.Latency.MaxMs,8:0.000} | {side.FixedRateErrors,6} | "
                + $"{side.MaxGeneratorLagP99Ms,7:0.000} | {side.AppCpuMicrosecondsPerRequest,10:0} | {side.Throughput,12:0.0} {side.SaturationErrors,10}");
        }

        double p50Difference = TelemetryVerdict.RelativeDifference(off.Latency.P50Ms, on.Latency.P50Ms);
        double p99Difference = TelemetryVerdict.RelativeDifference(off.Latency.P99Ms, on.Latency.P99Ms);
        double throughputDifference = TelemetryVerdict.RelativeDifference(off.Throughput, on.Throughput);
        double cpuDifference = TelemetryVerdict.RelativeDifference(off.AppCpuMicrosecondsPerRequest, on.AppCpuMicrosecondsPerRequest);
        output.WriteLine($"on vs off (on − off) / off, pooled: p50 {Percent(p50Difference)}, p99 {Percent(p99Difference)}, throughput {Percent(throughputDifference)}, app CPU/request {Percent(cpuDifference)}");
        bool noisy = new[] { off.P99Spread, on.P99Spread, off.ThroughputSpread, on.ThroughputSpread }.Any(spread => !(spread <= TelemetryVerdict.AimRelativeDifference));
        output.WriteLine($"run-to-run spread (max − min) / mean: p99 off {Percent(off.P99Spread)}, on {Percent(on.P99Spread)}; throughput off {Percent(off.ThroughputSpread)}, on {Percent(on.ThroughputSpread)}"
            + (noisy ? $" — above {TelemetryVerdict.AimRelativeDifference:0%}, the machine's noise is larger than the aim: that comparison is inconclusive" : ""));
        var exported = outcome.Exported;
        double spansPerExecution = outcome.OnExecutions == 0 ? 0 : (double)exported.Spans / outcome.OnExecutions;
        output.WriteLine($"export: the OTLP receiver took {exported.Requests} requests, {exported.Bytes} bytes, {exported.Spans} spans ({spansPerExecution:0.0} per execution of the \"on\" app){(exported.Malformed > 0 ? $", {exported.Malformed} unreadable" : "")}; "
            + $"{on.Scrapes} /metrics scrapes of the \"on\" app, {on.ScrapeFailures} failed");

        Section("Telemetry figures");
        string at = $"@{rate:0.#}";
        foreach (var phase in outcome.Phases)
        {
            string prefix = $"telemetry_round{phase.Round}_{TelemetryComparison.Name(phase.Mode)}";
            Figure($"{prefix}_p50_ms{at}", $"{phase.FixedRate.Result.Latency.P50Ms:0.000}");
            Figure($"{prefix}_p99_ms{at}", $"{phase.FixedRate.Result.Latency.P99Ms:0.000}");
            Figure($"{prefix}_throughput_rps", $"{phase.Saturation.SucceededPerSecond:0.0}");
        }

        foreach (var (mode, side) in new[] { ("off", off), ("on", on) })
        {
            Figure($"telemetry_{mode}_p50_ms{at}", $"{side.Latency.P50Ms:0.000}");
            Figure($"telemetry_{mode}_p99_ms{at}", $"{side.Latency.P99Ms:0.000}");
            Figure($"telemetry_{mode}_p99_spread_pct{at}", PercentNumber(side.P99Spread));
            Figure($"telemetry_{mode}_throughput_rps", $"{side.Throughput:0.0}");
            Figure($"telemetry_{mode}_throughput_spread_pct", PercentNumber(side.ThroughputSpread));
            Figure($"telemetry_{mode}_app_cpu_us_per_request{at}", $"{side.AppCpuMicrosecondsPerRequest:0}");
            Figure($"telemetry_{mode}_errors", $"{side.FixedRateErrors + side.SaturationErrors}");
            Figure($"telemetry_{mode}_generator_lag_p99_ms{at}", $"{side.MaxGeneratorLagP99Ms:0.000}");
        }

        Figure($"telemetry_p50_difference_pct{at}", PercentNumber(p50Difference));
        Figure($"telemetry_p99_difference_pct{at}", PercentNumber(p99Difference));
        Figure("telemetry_throughput_difference_pct", PercentNumber(throughputDifference));
        Figure($"telemetry_app_cpu_difference_pct{at}", PercentNumber(cpuDifference));
        Figure("telemetry_otlp_requests", $"{exported.Requests}");
        Figure("telemetry_otlp_bytes", $"{exported.Bytes}");
        Figure("telemetry_otlp_spans", $"{exported.Spans}");
        Figure("telemetry_otlp_spans_per_execution", $"{spansPerExecution:0.00}");
        Figure("telemetry_metrics_scrapes", $"{on.Scrapes}");
        Figure("telemetry_metrics_scrape_failures", $"{on.ScrapeFailures}");

        bool latencyClean = off.FixedRateErrors == 0 && on.FixedRateErrors == 0;
        bool generatorKeptTime = Math.Max(off.MaxGeneratorLagP99Ms, on.MaxGeneratorLagP99Ms) <= GeneratorLagWarningMs;
        Figure("aim_telemetry_p99_within_5pct", TelemetryVerdict.Judge(latencyClean, generatorKeptTime, p99Difference, off.P99Spread, on.P99Spread));
        bool throughputClean = off.SaturationErrors == 0 && on.SaturationErrors == 0;
        Figure("aim_telemetry_throughput_within_5pct", TelemetryVerdict.Judge(throughputClean, generatorKeptTime: true, throughputDifference, off.ThroughputSpread, on.ThroughputSpread));
    }

    public void ScrapeCost(Scrape.ScrapeCostOutcome outcome) =>
        output.WriteLine((outcome.Gzip ? $"  gzip asked: {outcome.WireBytes} bytes on the wire ({100.0 * outcome.WireBytes / outcome.Body.Bytes:0.0} % of the body){Environment.NewLine}" : "")
            + $"  {outcome.Scrapes} scrapes: p50 {outcome.Latency.P50Ms:0.000}  p99 {outcome.Latency.P99Ms:0.000}  max {outcome.Latency.MaxMs:0.000} ms"
            + $" | app CPU {outcome.AppCpuMsPerScrape:0.000} ms per scrape, median block of 20 {outcome.MedianBlockCpuMs:0.000} ms (idle app: {outcome.IdleAppCpuMsPerSecond:0.0} ms CPU per second)"
            + Environment.NewLine
            + $"  library floor: the same body ({outcome.Floor.SampleLines} lines, {outcome.Floor.Children} children in {outcome.Floor.Families} families) rebuilt in a bare prometheus-net registry in the runner:"
            + $" {outcome.Floor.CpuMsPerRun:0.000} ms CPU, {outcome.Floor.WallMsPerRun:0.000} ms wall per serialisation into memory");

    public void ScrapeSummary(Scrape.ScrapeCostOutcome outcome)
    {
        Section("Scrape figures");
        string prefix = $"scrape_{outcome.RequestedSeries}_series";
        Figure("scrape_execution_series", $"{outcome.Body.ExecutionSeries}");
        Figure("scrape_dropped_execution_series", $"{outcome.Body.DroppedExecutionSeries}");
        Figure("scrape_sample_lines", $"{outcome.Body.SampleLines}");
        Figure("scrape_body_bytes", $"{outcome.Body.Bytes}");
        Figure("scrape_wire_bytes", $"{outcome.WireBytes}");
        Figure("scrape_gzip", outcome.Gzip ? "asked" : "not-asked");
        Figure("scrape_count", $"{outcome.Scrapes}");
        Figure($"{prefix}_p50_ms", $"{outcome.Latency.P50Ms:0.000}");
        Figure($"{prefix}_p99_ms", $"{outcome.Latency.P99Ms:0.000}");
        Figure($"{prefix}_max_ms", $"{outcome.Latency.MaxMs:0.000}");
        Figure($"{prefix}_mean_ms", $"{outcome.Latency.MeanMs:0.000}");
        Figure($"{prefix}_app_cpu_ms_per_scrape", $"{outcome.AppCpuMsPerScrape:0.000}");
        Figure($"{prefix}_app_cpu_ms_per_scrape_median_block", $"{outcome.MedianBlockCpuMs:0.000}");
        Figure("scrape_idle_app_cpu_ms_per_s", $"{outcome.IdleAppCpuMsPerSecond:0.0}");
        Figure("scrape_library_floor_cpu_ms", $"{outcome.Floor.CpuMsPerRun:0.000}");
        Figure("scrape_library_floor_wall_ms", $"{outcome.Floor.WallMsPerRun:0.000}");
    }

    /// <summary>Per-call routing times, and what 20 running experiments add over the baseline (aim: ≤ 5 µs).</summary>
    public void RatioSummary(Saturation.SaturationRatioOutcome outcome)
    {
        Section("Saturated execute and exact-cache hit vs /healthz (same process)");
        Figure("saturated_healthz_rps", $"{outcome.Healthz.SucceededPerSecond:0.0}");
        Figure("saturated_execute_sim0_rps", $"{outcome.Execute.SucceededPerSecond:0.0}");
        Figure("saturated_cache_hit_rps", $"{outcome.CacheHit.SucceededPerSecond:0.0}");
        Figure("saturated_execute_sim0_app_cpu_us_per_answer", $"{outcome.ExecuteAppCpuMicroseconds:0}");
        Figure("saturated_cache_hit_app_cpu_us_per_answer", $"{outcome.CacheHitAppCpuMicroseconds:0}");
        Figure("ratio_execute_to_healthz", $"{outcome.ExecuteRatio:0.000}");
        Figure("ratio_cache_hit_to_healthz", $"{outcome.CacheHitRatio:0.000}");
        Figure("saturated_execute_sim0_sustained_rps", $"{outcome.ExecuteSustained.PerSecond:0.0}");
        Figure("saturated_cache_hit_sustained_rps", $"{outcome.CacheHitSustained.PerSecond:0.0}");
        Figure("saturated_execute_sim0_records_left", $"{outcome.ExecuteSustained.BacklogLeft}");
        Figure("saturated_cache_hit_records_left", $"{outcome.CacheHitSustained.BacklogLeft}");
        Figure("ratio_execute_sustained_to_healthz", $"{outcome.ExecuteSustainedRatio:0.000}");
        Figure("ratio_cache_hit_sustained_to_healthz", $"{outcome.CacheHitSustainedRatio:0.000}");
        // Judged on the sustained rates: answers whose records pile up unwritten end in 503s at the recorder's bound.
        bool executeFailed = outcome.Healthz.Failed + outcome.Execute.Failed > 0;
        bool cacheHitFailed = outcome.Healthz.Failed + outcome.CacheHit.Failed > 0;
        Figure("aim_execute_ge_0.3x_healthz", executeFailed ? "missed" : outcome.ExecuteSustainedRatio >= 0.3 ? "met" : "missed");
        Figure("aim_cache_hit_ge_0.5x_healthz", cacheHitFailed ? "missed" : outcome.CacheHitSustainedRatio >= 0.5 ? "met" : "missed");
    }

    public void RecordingSummary(IReadOnlyList<Recording.RecordingInsertFigure> figures)
    {
        Section("Recording: SQLite insert cost per execution record (batches of 200 in one transaction, in process)");
        foreach (var figure in figures)
        {
            Line($"  {figure.Name,-20} {figure.CpuMicrosecondsPerRow,7:0.0} µs CPU per row over {figure.Rows} rows, best batch {figure.BestBatchMicrosecondsPerRow:0.0} µs per row");
        }

        foreach (var figure in figures)
        {
            Figure($"recording_{figure.Name}_cpu_us_per_row", $"{figure.CpuMicrosecondsPerRow:0.0}");
            Figure($"recording_{figure.Name}_best_batch_us_per_row", $"{figure.BestBatchMicrosecondsPerRow:0.0}");
        }
    }

    public void RoutingSummary(IReadOnlyList<Routing.RoutingFigure> figures)
    {
        Section("Routing with running experiments (in process; best and median of 2,000 batches of 500 calls)");
        var baseline = figures[0];
        foreach (var figure in figures)
        {
            output.WriteLine($"  {figure.Name,-45} best {figure.BestNs,8:0} ns  median {figure.MedianNs,8:0} ns  added (median) {figure.MedianNs - baseline.MedianNs,8:0} ns");
        }

        Figure("routing_baseline_median_ns", $"{baseline.MedianNs:0}");
        var worst = figures.Skip(1).MaxBy(figure => figure.MedianNs)!;
        Figure("routing_20_experiments_typical_added_median_ns", $"{figures[1].MedianNs - baseline.MedianNs:0}");
        Figure("routing_20_experiments_worst_added_median_ns", $"{worst.MedianNs - baseline.MedianNs:0}");
        Figure("aim_routing_20_experiments_added_le_5us", worst.MedianNs - baseline.MedianNs <= 5_000 ? "met" : "missed");
    }

    /// <summary>
    /// The in-process embedding model in fp32 and int8: first load, one-thread latency (aim: p50 ≤ 2 ms for ~20 tokens),
    /// phases, throughput and ONNX Runtime's profile by operator, then the two side by side.
    /// </summary>
    public void EmbeddingSummary(IReadOnlyList<Embeddings.EmbeddingFigures> all)
    {
        foreach (var figures in all)
        {
            var precision = figures.Precision == EmbeddingPrecision.Int8 ? "int8" : "fp32";
            Section($"Embeddings ({precision}, {figures.VectorModelId}): all-MiniLM-L6-v2 in process, one ONNX thread; prompt of {figures.PromptTokens} tokens with [CLS]/[SEP]");
            var quantized = figures.Precision == EmbeddingPrecision.Int8 ? $" (quantising the weights and writing the cache file {figures.QuantizeMs:0} ms of it)" : string.Empty;
            output.WriteLine($"  first load (vocabulary + ONNX session, model from the package){quantized} {figures.FirstLoadMs,8:0.0} ms; later loads {figures.CachedLoadMs:0.0} ms; first encoding {figures.FirstEncodeMs:0.0} ms");
            foreach (var latency in figures.Latencies)
            {
                output.WriteLine($"  {latency.Name,-60} p50 {latency.P50Ms,7:0.000} ms  p99 {latency.P99Ms,7:0.000} ms  mean {latency.MeanMs,7:0.000} ms  fastest {latency.MinMs,7:0.000} ms  CPU {latency.CpuMsPerCall,6:0.000} ms/call  ({latency.Samples} calls)");
            }

            var phases = figures.Phases;
            var total = phases.TokenizeUs + phases.PackUs + phases.RunUs + phases.PoolUs;
            output.WriteLine($"  phases per call: session.Run {phases.RunUs:0} µs ({phases.RunUs / total:P0}), tokenize {phases.TokenizeUs:0.0} µs, pack tensors {phases.PackUs:0.0} µs, pool + normalise {phases.PoolUs:0.0} µs");
            foreach (var throughput in figures.Throughputs)
            {
                output.WriteLine($"  {throughput.Name,-90} {throughput.InputsPerSecond,8:0} inputs/s  (average batch {throughput.AverageBatch:0.0})");
            }

            var top = string.Join(", ", figures.Profile.Take(8).Select(o => $"{o.Operator} {o.Share:P0}"));
            output.WriteLine($"  ONNX Runtime profile, kernel time by operator over {figures.ProfiledRuns} runs ({figures.Profile.Sum(o => o.Microseconds) / figures.ProfiledRuns / 1000:0.00} ms per run): {top}");

            // fp32 keeps the figure names of earlier runs; int8's carry the precision.
            var name = figures.Precision == EmbeddingPrecision.Int8 ? "embedding_int8" : "embedding";
            Figure($"{name}_prompt_tokens", $"{figures.PromptTokens}");
            Figure($"{name}_first_load_ms", $"{figures.FirstLoadMs:0.0}");
            Figure($"{name}_cached_load_ms", $"{figures.CachedLoadMs:0.0}");
            Figure($"{name}_model_p50_ms", $"{figures.Latencies[0].P50Ms:0.000}");
            Figure($"{name}_model_p99_ms", $"{figures.Latencies[0].P99Ms:0.000}");
            Figure($"{name}_model_fastest_ms", $"{figures.Latencies[0].MinMs:0.000}");
            Figure($"{name}_model_cpu_ms_per_call", $"{figures.Latencies[0].CpuMsPerCall:0.000}");
            Figure($"{name}_generator_p50_ms", $"{figures.Latencies[^1].P50Ms:0.000}");
            Figure($"{name}_generator_p99_ms", $"{figures.Latencies[^1].P99Ms:0.000}");
            Figure($"{name}_session_run_share", $"{phases.RunUs / total:0.00}");
            Figure($"{name}_batch16_inputs_per_s", $"{figures.Throughputs.First(t => t.Name.EndsWith("batch of 16", StringComparison.Ordinal)).InputsPerSecond:0}");
            Figure($"{name}_concurrent16_inputs_per_s", $"{figures.Throughputs[^1].InputsPerSecond:0}");
            Figure($"{name}_top_operator", $"{figures.Profile.FirstOrDefault()?.Operator}");
        }

        var float32 = all.FirstOrDefault(f => f.Precision == EmbeddingPrecision.Float32);
        var int8 = all.FirstOrDefault(f => f.Precision == EmbeddingPrecision.Int8);
        if (float32 is not null && int8 is not null)
        {
            Section("Embeddings: int8 against fp32 (same run)");
            output.WriteLine($"  CPU per call {float32.Latencies[0].CpuMsPerCall:0.000} → {int8.Latencies[0].CpuMsPerCall:0.000} ms ({float32.Latencies[0].CpuMsPerCall / int8.Latencies[0].CpuMsPerCall:0.00}×); fastest call {float32.Latencies[0].MinMs:0.000} → {int8.Latencies[0].MinMs:0.000} ms; p50 {float32.Latencies[0].P50Ms:0.000} → {int8.Latencies[0].P50Ms:0.000} ms");
            Figure("embedding_int8_cpu_speedup", $"{float32.Latencies[0].CpuMsPerCall / int8.Latencies[0].CpuMsPerCall:0.00}");
        }

        // The aim is judged on the precision a host runs by default (PromptConsole:Embeddings:Precision).
        var configured = all.FirstOrDefault(f => f.Precision == new EmbeddingsOptions().PrecisionValue) ?? all[0];
        Figure("embedding_default_precision", configured.Precision.ToString());
        Figure("aim_embedding_p50_le_2ms", configured.Latencies[^1].P50Ms <= 2 ? "met" : "missed");
        if (int8 is not null)
            Figure("aim_embedding_p50_le_2ms_int8", int8.Latencies[^1].P50Ms <= 2 ? "met" : "missed");
    }

    /// <summary>The semantic cache's vector indexes: lookup latency per index and size, recall (aim: p99 ≤ 1 ms at 100k).</summary>
    public void VectorSearchSummary(IReadOnlyList<VectorSearch.VectorLookupFigure> figures)
    {
        Section($"Vector search: {VectorSearch.VectorSearchBenchmark.Dimensions}-d unit vectors, top 5 of one query on one thread, embedding excluded");
        output.WriteLine("  p50/p99/max: single timed lookups (wall); best/median batch: mean per lookup in batches (the best one is the cost without the");
        output.WriteLine("  machine's other load); CPU and bytes: process CPU time and managed allocation per lookup; build: until searchable (tiered: until the graph took over)");
        foreach (var f in figures)
        {
            output.WriteLine($"  {VectorSearch.VectorSearchBenchmark.Describe(f)}");
        }

        foreach (var f in figures)
        {
            var name = $"vector_{f.Data}_{f.Index.Split(' ')[0]}_{f.Entries}";
            Figure($"{name}_p50_ms", $"{f.P50Ms:0.000}");
            Figure($"{name}_p99_ms", $"{f.P99Ms:0.000}");
            Figure($"{name}_best_batch_us", $"{f.BestBatchUs:0.0}");
            Figure($"{name}_cpu_us_per_lookup", $"{f.CpuUsPerLookup:0.0}");
            Figure($"{name}_build_s", $"{f.BuildSeconds:0.0}");
            if (f.RecallAt1 is { } r1)
            {
                Figure($"{name}_recall_at_1", $"{r1:0.000}");
                Figure($"{name}_recall_at_10", $"{f.RecallAt10:0.000}");
            }
        }

        var largest = figures.Where(f => f.Data == "grouped" && f.Index.StartsWith("tiered", StringComparison.Ordinal)).MaxBy(f => f.Entries);
        if (largest is not null)
        {
            Figure($"aim_vector_lookup_p99_le_1ms_at_{largest.Entries}", largest.P99Ms <= 1 ? "met" : "missed");
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

    private static string Micro(double? microseconds) => microseconds is { } value ? value.ToString("0") : "-";

    private static bool FailedOnBusyMachine(SearchOutcome search) =>
        search.End == SearchEnd.FirstFailure && search.Steps[^1].Run.Result.SendLag.P99Ms > GeneratorLagWarningMs;

    private static string Verdict(bool clean, bool generatorKeptTime, bool withinAim) =>
        !clean ? "missed" : !generatorKeptTime ? "inconclusive-machine-busy" : withinAim ? "met" : "missed";

    private void Figure(string name, string value) => output.WriteLine($"{name}={value}");

    private static string Percent(double fraction) => double.IsFinite(fraction) ? (fraction * 100).ToString("+0.0;-0.0;0.0") + " %" : "n/a";

    private static string PercentNumber(double fraction) => double.IsFinite(fraction) ? (fraction * 100).ToString("0.0") : "nan";

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

/// <summary>One configuration of the telemetry comparison, its phases pooled.</summary>
internal sealed record TelemetrySide(
    LatencyDistribution Latency,
    int FixedRateErrors,
    double MaxGeneratorLagP99Ms,
    double AppCpuMicrosecondsPerRequest,
    double Throughput,
    long SaturationErrors,
    double P99Spread,
    double ThroughputSpread,
    int Scrapes,
    int ScrapeFailures)
{
    public static TelemetrySide Of(IEnumerable<TelemetryPhase> phases)
    {
        var list = phases.ToList();
        // Percentiles of all the phases' latencies together, not an average of percentiles.
        long[] pooled = [.. list.SelectMany(phase => phase.FixedRate.Result.SortedSuccessLatencyTicks)];
        double sent = list.Sum(phase => phase.FixedRate.Result.Sent);
        double appCpuMicroseconds = list.Sum(phase => phase.FixedRate.AppCpu?.TotalMicroseconds ?? double.NaN);
        return new TelemetrySide(
            LatencyDistribution.FromStopwatchTicks(pooled),
            list.Sum(phase => phase.FixedRate.Result.Failed),
            list.Max(phase => phase.FixedRate.Result.SendLag.P99Ms),
            sent == 0 ? double.NaN : appCpuMicroseconds / sent,
            list.Sum(phase => phase.Saturation.Succeeded) / list.Sum(phase => phase.Saturation.Duration.TotalSeconds),
            list.Sum(phase => phase.Saturation.Failed),
            TelemetryVerdict.Spread([.. list.Select(phase => phase.FixedRate.Result.Latency.P99Ms)]),
            TelemetryVerdict.Spread([.. list.Select(phase => phase.Saturation.SucceededPerSecond)]),
            list.Sum(phase => phase.Scrapes?.Scrapes ?? 0),
            list.Sum(phase => phase.Scrapes?.Failures ?? 0));
    }
}
