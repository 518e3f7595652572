using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PromptConsole.Bench.Load;

namespace PromptConsole.Bench.Scrape;

/// <summary>What one <c>/metrics</c> body holds.</summary>
/// <param name="ExecutionSeries">Sample lines of <c>promptconsole_executions_total</c>: one per label set.</param>
/// <param name="DroppedExecutionSeries">Label sets the cardinality guard folded into the overflow series.</param>
internal sealed record ScrapeBody(int Bytes, int SampleLines, int ExecutionSeries, long DroppedExecutionSeries)
{
    public const string ExecutionSeriesPrefix = "promptconsole_executions_total{";
    private const string DroppedExecutionSeriesPrefix = "promptconsole_metrics_dropped_series_total{metric=\"promptconsole_executions_total\"} ";

    public static ScrapeBody Parse(byte[] body)
    {
        int sampleLines = 0;
        int executionSeries = 0;
        long dropped = 0;
        foreach (var line in Encoding.UTF8.GetString(body).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            sampleLines++;
            if (line.StartsWith(ExecutionSeriesPrefix, StringComparison.Ordinal))
            {
                executionSeries++;
            }
            else if (line.StartsWith(DroppedExecutionSeriesPrefix, StringComparison.Ordinal))
            {
                dropped = long.Parse(line.AsSpan(DroppedExecutionSeriesPrefix.Length), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new ScrapeBody(body.Length, sampleLines, executionSeries, dropped);
    }
}

/// <param name="WireBytes">The body as sent: the gzip size when <see cref="BenchOptions.ScrapeGzip"/> asked for it, else the body's size.</param>
/// <param name="MedianBlockCpuMs">The median over blocks of 20 scrapes of the app's CPU per scrape: what a burst of other work in the app (or a noisy neighbour's effect on it) moves least. NaN with fewer than 20 scrapes.</param>
internal sealed record ScrapeCostOutcome(int RequestedSeries, ScrapeBody Body, int WireBytes, bool Gzip, int Scrapes, LatencyDistribution Latency, TimeSpan AppCpu, double MedianBlockCpuMs, double IdleAppCpuMsPerSecond, ScrapeFloorOutcome Floor)
{
    public double AppCpuMsPerScrape => AppCpu.TotalMilliseconds / Scrapes;
}

/// <summary>
/// The cost of one <c>/metrics</c> scrape when the execution families hold many series: a fresh
/// PromptConsole gets prompts × versions × outcomes × routes through its own APIs (each prompt:
/// version 1 answers, version 2 has an output check the stub's answer fails; each run through a label
/// and pinned by version — four label sets), then is scraped sequentially, as one Prometheus does.
/// </summary>
internal sealed class ScrapeCostBenchmark(BenchOptions options, StartedGateways gateways, HttpClient client, BenchReport report)
{
    private const int SeriesPerPrompt = 4;
    private const int SetupParallelism = 4;
    private static readonly TimeSpan SeriesWaitLimit = TimeSpan.FromSeconds(30);

    public async Task<ScrapeCostOutcome> RunAsync(CancellationToken cancellationToken)
    {
        int prompts = (options.ScrapeSeries + SeriesPerPrompt - 1) / SeriesPerPrompt;
        int requestedSeries = prompts * SeriesPerPrompt;
        report.Section($"Cost of one /metrics scrape with {requestedSeries} execution series ({options.Scrapes} sequential scrapes after a warm-up of at least {options.ScrapeWarmups})");
        var gateway = await gateways.StartAsync("scrape", [], cancellationToken);
        try
        {
            var setup = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(1, prompts),
                new ParallelOptions { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken },
                async (number, token) => await CreateSeriesAsync(gateway, $"series-{number:00000}", token));
            report.Line($"created {prompts} prompts × 2 versions, executed each version through a label and pinned: {prompts * SeriesPerPrompt} executions in {setup.Elapsed.TotalSeconds:0.0} s");

            var body = await WaitForSeriesAsync(gateway, requestedSeries, cancellationToken);
            report.Line($"body: {body.ExecutionSeries} promptconsole_executions_total series, {body.SampleLines} sample lines, {body.Bytes} bytes"
                + (body.DroppedExecutionSeries > 0 ? $"; {body.DroppedExecutionSeries} label sets folded into the overflow series (PromptConsole:Metrics:MaxSeriesPerMetric)" : ""));
            if (body.ExecutionSeries == 0)
            {
                throw new BenchSetupException("The scrape shows no execution series: executions were not counted." + gateway.OutputTail());
            }

            // The set-up leaves work behind (recorder writes, JIT tiering): let it finish, then note
            // the idle process's own background CPU, which the CPU per scrape includes.
            double idleCpuMsPerSecond = await WaitUntilIdleAsync(gateway, cancellationToken);

            var warmup = await WarmUpAsync(gateway, cancellationToken);
            report.Line($"warm-up: {warmup.Scrapes} scrapes until the app's CPU per scrape stopped falling ({warmup.FirstBlockCpuMs:0.000} ms each over the first {WarmupBlock}, {warmup.LastBlockCpuMs:0.000} ms over the last {WarmupBlock})");

            var latencyTicks = new long[options.Scrapes];
            var blockCpuMs = new List<double>();
            var cpuBefore = gateway.CpuTime;
            var blockCpuBefore = cpuBefore;
            for (int scrape = 0; scrape < options.Scrapes; scrape++)
            {
                long started = Stopwatch.GetTimestamp();
                await ScrapeAsync(gateway, cancellationToken);
                latencyTicks[scrape] = Stopwatch.GetTimestamp() - started;
                if ((scrape + 1) % WarmupBlock == 0)
                {
                    var now = gateway.CpuTime;
                    blockCpuMs.Add((now - blockCpuBefore).TotalMilliseconds / WarmupBlock);
                    blockCpuBefore = now;
                }
            }

            var appCpu = gateway.CpuTime - cpuBefore;

            var lastBody = await ScrapeAsync(gateway, cancellationToken);
            int wireBytes = _lastWireBytes;
            if (options.ScrapeBodyPath is { } bodyPath)
            {
                await File.WriteAllBytesAsync(bodyPath, lastBody, cancellationToken);
                report.Line($"last body written to {bodyPath}");
            }

            await HoldForProfilerAsync(gateway, cancellationToken);

            // The same body in a bare prometheus-net registry, serialised in this process while the app idles.
            var floor = await ScrapeLibraryFloor.MeasureAsync(lastBody, options.Scrapes, cancellationToken);
            var outcome = new ScrapeCostOutcome(requestedSeries, body, wireBytes, options.ScrapeGzip, options.Scrapes, LatencyDistribution.FromStopwatchTicks(latencyTicks), appCpu, Median(blockCpuMs), idleCpuMsPerSecond, floor);
            report.ScrapeCost(outcome);
            return outcome;
        }
        finally
        {
            await gateways.StopAsync(gateway);
        }
    }

    private const int WarmupBlock = 20;
    private const int SteadyBlocks = 3;
    private static readonly TimeSpan WarmupLimit = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Scrapes in blocks of <see cref="WarmupBlock"/> until the app's CPU per scrape is steady: the last
    /// <see cref="SteadyBlocks"/> blocks within 15 % of each other (at least <see cref="BenchOptions.ScrapeWarmups"/>
    /// scrapes, at most 90 s). With dynamic PGO the scrape path first runs as instrumented code and is recompiled in the
    /// background; on a busy machine that takes a hundred scrapes or more, during which a scrape costs up to twice its
    /// steady CPU. A Prometheus scraping every 15 s is past it within the first hour, so the steady figure is the one
    /// that matters; the first block's is printed too.
    /// </summary>
    private async Task<(int Scrapes, double FirstBlockCpuMs, double LastBlockCpuMs)> WarmUpAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var blocks = new List<double>();
        while (true)
        {
            var cpuBefore = gateway.CpuTime;
            for (int scrape = 0; scrape < WarmupBlock; scrape++)
            {
                await ScrapeAsync(gateway, cancellationToken);
            }

            blocks.Add((gateway.CpuTime - cpuBefore).TotalMilliseconds / WarmupBlock);
            var last = blocks.TakeLast(SteadyBlocks).ToArray();
            bool steady = last.Length == SteadyBlocks && last.Max() <= last.Min() * 1.15;
            if ((steady && blocks.Count * WarmupBlock >= options.ScrapeWarmups) || waited.Elapsed > WarmupLimit)
            {
                return (blocks.Count * WarmupBlock, blocks[0], blocks[^1]);
            }
        }
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>With <c>--scrape-hold</c>: scrapes back to back for that long so a profiler attached to the printed pid sees only scrapes.</summary>
    private async Task HoldForProfilerAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        if (options.ScrapeHold <= TimeSpan.Zero)
        {
            return;
        }

        report.Line($"holding: scraping pid {gateway.ProcessId} back to back for {options.ScrapeHold.TotalSeconds:0} s (attach a profiler now)");
        var held = Stopwatch.StartNew();
        int scrapes = 0;
        var cpuBefore = gateway.CpuTime;
        while (held.Elapsed < options.ScrapeHold)
        {
            await ScrapeAsync(gateway, cancellationToken);
            scrapes++;
        }

        report.Line($"held: {scrapes} scrapes, app CPU {(gateway.CpuTime - cpuBefore).TotalMilliseconds / Math.Max(1, scrapes):0.000} ms per scrape (a profiler's own cost included)");
    }

    /// <summary>
    /// Samples the app's CPU in 0.5 s windows until one uses under 5 % of a core (at most 2 minutes); returns the last
    /// window's ms per second. What keeps the app busy after the set-up is mostly the JIT recompiling the execution
    /// path at tier 1 on its one background thread, which on a machine shared with builds takes well over 20 s.
    /// </summary>
    private async Task<double> WaitUntilIdleAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        const double IdleMsPerSecond = 50;
        var limit = TimeSpan.FromMinutes(2);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var cpuBefore = gateway.CpuTime;
            var window = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            double msPerSecond = (gateway.CpuTime - cpuBefore).TotalMilliseconds / window.Elapsed.TotalSeconds;
            if (msPerSecond < IdleMsPerSecond || waited.Elapsed > limit)
            {
                report.Line($"waited {waited.Elapsed.TotalSeconds:0.0} s for the app to go idle after the set-up"
                    + (msPerSecond < IdleMsPerSecond ? "" : $" (it did not: {msPerSecond:0} ms CPU per second at the limit; the figures below include that work)"));
                return msPerSecond;
            }
        }
    }

    private async Task CreateSeriesAsync(GatewayProcess gateway, string key, CancellationToken cancellationToken)
    {
        const string variables = """[{"name":"question","type":"String"}]""";
        await gateway.PostExpectingSuccessAsync(client, "api/v1/prompts",
            $$$"""{"key":"{{{key}}}","name":"{{{key}}}","firstVersion":{"template":"Answer: {{question}}","model":{"model":"stub-model"},"variables":{{{variables}}}}}""",
            $"create prompt {key}", cancellationToken);
        // The stub always answers "42": a one-character limit rejects it, giving the output_rejected outcome.
        await gateway.PostExpectingSuccessAsync(client, $"api/v1/prompts/{key}/versions",
            $$$"""{"template":"Answer briefly: {{question}}","model":{"model":"stub-model"},"variables":{{{variables}}},"checks":{"maxLength":1}}""",
            $"add version 2 to {key}", cancellationToken);
        await gateway.PostExpectingSuccessAsync(client, $"api/v1/prompts/{key}/labels/production", """{"version":1}""", $"deploy {key} v1 to production", cancellationToken);
        await gateway.PostExpectingSuccessAsync(client, $"api/v1/prompts/{key}/labels/staging", """{"version":2}""", $"deploy {key} v2 to staging", cancellationToken);

        await ExecuteExpectingAsync(gateway, key, "", HttpStatusCode.OK, cancellationToken);
        await ExecuteExpectingAsync(gateway, key, ""","label":"staging" """, HttpStatusCode.UnprocessableEntity, cancellationToken);
        await ExecuteExpectingAsync(gateway, key, ""","version":1""", HttpStatusCode.OK, cancellationToken);
        await ExecuteExpectingAsync(gateway, key, ""","version":2""", HttpStatusCode.UnprocessableEntity, cancellationToken);
    }

    private async Task ExecuteExpectingAsync(GatewayProcess gateway, string key, string route, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var content = new StringContent($$"""{"variables":{"question":"series {{key}}{{route.Length}}"}{{route}}}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(gateway.BaseUri, $"api/v1/prompts/{key}/execute"), content, cancellationToken);
        if (response.StatusCode != expected)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new BenchSetupException($"Executing {key} ({route.Trim(',', ' ')}) answered HTTP {(int)response.StatusCode}, expected {(int)expected}: {body}{gateway.OutputTail()}");
        }
    }

    /// <summary>Executions are counted when they complete; scrape until every series shows (or the guard folded the rest).</summary>
    private async Task<ScrapeBody> WaitForSeriesAsync(GatewayProcess gateway, int requestedSeries, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var body = ScrapeBody.Parse(await ScrapeAsync(gateway, cancellationToken));
            // Once the guard folds label sets, no further series will appear.
            if (body.ExecutionSeries >= requestedSeries || body.DroppedExecutionSeries > 0 || waited.Elapsed > SeriesWaitLimit)
            {
                return body;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private int _lastWireBytes;

    /// <summary>One scrape; a gzip body is unpacked here, as Prometheus would (the runner's CPU, not the app's).</summary>
    private async Task<byte[]> ScrapeAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.MetricsUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain") { Parameters = { new NameValueHeaderValue("version", "0.0.4") } });
        if (options.ScrapeGzip)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        }

        using var response = await client.SendAsync(request, cancellationToken);
        byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchSetupException($"GET /metrics answered HTTP {(int)response.StatusCode}.{gateway.OutputTail()}");
        }

        _lastWireBytes = body.Length;
        if (!response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            return body;
        }

        using var unpacked = new MemoryStream(body.Length * 8);
        using (var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(unpacked, cancellationToken);
        }

        return unpacked.ToArray();
    }
}
