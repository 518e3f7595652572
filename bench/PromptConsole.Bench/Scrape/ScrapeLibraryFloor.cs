using System.Diagnostics;
using System.Globalization;
using System.Text;
using Prometheus;

namespace PromptConsole.Bench.Scrape;

/// <summary>What prometheus-net alone spends serialising a body like the app's: CPU and wall time per serialisation.</summary>
internal sealed record ScrapeFloorOutcome(int Families, int Children, int SampleLines, int Runs, double CpuMsPerRun, double WallMsPerRun);

/// <summary>
/// The floor under the scrape cost: the app's <c>/metrics</c> body rebuilt in a bare prometheus-net registry in
/// this process (the same families, label sets and histogram buckets; no HTTP, no app), then serialised into a
/// reused in-memory buffer in a loop on one thread. What the app spends above this is its own; what this
/// costs is the library's price for the body's number of lines.
/// </summary>
internal static class ScrapeLibraryFloor
{
    public static async Task<ScrapeFloorOutcome> MeasureAsync(byte[] body, int runs, CancellationToken cancellationToken)
    {
        var (registry, families, children) = Rebuild(Encoding.UTF8.GetString(body));
        using var buffer = new MemoryStream(body.Length * 2);
        // Warm up as the app's scrapes are: until three blocks of 20 serialisations cost within 15 % of each other
        // (dynamic PGO recompiles the path in the background first), at most 30 s.
        var warmupCpu = new List<double>();
        var warmupLimit = Stopwatch.StartNew();
        using (var self = Process.GetCurrentProcess())
        {
            while (warmupLimit.Elapsed < TimeSpan.FromSeconds(30))
            {
                self.Refresh();
                var before = self.TotalProcessorTime;
                for (int warmup = 0; warmup < 20; warmup++)
                {
                    buffer.SetLength(0);
                    await registry.CollectAndExportAsTextAsync(buffer, ExpositionFormat.PrometheusText, cancellationToken);
                }

                self.Refresh();
                warmupCpu.Add((self.TotalProcessorTime - before).TotalMilliseconds);
                var last = warmupCpu.TakeLast(3).ToArray();
                if (last.Length == 3 && last.Max() <= last.Min() * 1.15)
                {
                    break;
                }
            }
        }

        int sampleLines = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (int run = 0; run < runs; run++)
        {
            buffer.SetLength(0);
            await registry.CollectAndExportAsTextAsync(buffer, ExpositionFormat.PrometheusText, cancellationToken);
        }

        wall.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new ScrapeFloorOutcome(families, children, sampleLines, runs, cpu.TotalMilliseconds / runs, wall.Elapsed.TotalMilliseconds / runs);
    }

    private static (CollectorRegistry Registry, int Families, int Children) Rebuild(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                samples.Add(PrometheusSample.Parse(line));
            }
        }

        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        int children = 0;
        foreach (var (family, type) in types)
        {
            if (type == "histogram")
            {
                var buckets = samples.Where(s => s.Name == family + "_bucket").ToList();
                if (buckets.Count == 0)
                    continue;
                var labelNames = buckets[0].Labels.Where(l => l.Key != "le").Select(l => l.Key).ToArray();
                var bounds = buckets.Select(s => s.Labels.First(l => l.Key == "le").Value).Where(v => v != "+Inf")
                    .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
                var histogram = factory.CreateHistogram(family, "rebuilt", labelNames, new HistogramConfiguration { Buckets = bounds });
                foreach (var labelSet in buckets.Select(s => LabelValues(s.Labels, labelNames)).DistinctBy(v => string.Join('\u0001', v)))
                {
                    histogram.WithLabels(labelSet).Observe(bounds[bounds.Length / 2]);
                    children++;
                }
            }
            else if (type is "counter" or "gauge")
            {
                var own = samples.Where(s => s.Name == family).ToList();
                if (own.Count == 0)
                    continue;
                var labelNames = own[0].Labels.Select(l => l.Key).ToArray();
                foreach (var sample in own)
                {
                    var values = LabelValues(sample.Labels, labelNames);
                    if (type == "counter")
                        ((ICounter)(labelNames.Length == 0 ? factory.CreateCounter(family, "rebuilt") : factory.CreateCounter(family, "rebuilt", labelNames).WithLabels(values))).IncTo(sample.Value);
                    else
                        ((IGauge)(labelNames.Length == 0 ? factory.CreateGauge(family, "rebuilt") : factory.CreateGauge(family, "rebuilt", labelNames).WithLabels(values))).Set(sample.Value);
                    children++;
                }
            }
        }

        return (registry, types.Count, children);
    }

    private static string[] LabelValues(List<(string Key, string Value)> labels, string[] names) =>
        names.Select(name => labels.FirstOrDefault(l => l.Key == name).Value ?? string.Empty).ToArray();
}
