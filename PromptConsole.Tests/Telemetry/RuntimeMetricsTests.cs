using System.Globalization;
using System.Text;
using Prometheus;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry;

public class RuntimeMetricsTests
{
    private static async Task<Dictionary<string, double>> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_scrape_reads_gc_pause_thread_pool_and_exception_counts_from_the_runtime()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        using var runtime = new RuntimeMetrics(registry);

        var before = await ScrapeAsync(registry);
        for (var i = 0; i < 3; i++)
        {
            try { throw new InvalidOperationException("counted"); }
            catch (InvalidOperationException) { }
        }
        GC.Collect();
        var after = await ScrapeAsync(registry);

        Assert.True(after["dotnet_exceptions_total"] - before["dotnet_exceptions_total"] >= 3);
        Assert.True(after["dotnet_gc_pause_time_seconds_total"] >= before["dotnet_gc_pause_time_seconds_total"]);
        Assert.True(after["dotnet_thread_pool_threads"] >= 1);
        Assert.True(after["dotnet_thread_pool_work_item_count_total"] >= before["dotnet_thread_pool_work_item_count_total"]);
        Assert.True(after.ContainsKey("dotnet_thread_pool_queue_length"));
    }

    [Fact]
    public async Task After_dispose_exceptions_are_no_longer_counted()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var runtime = new RuntimeMetrics(registry);
        runtime.Dispose();

        var before = await ScrapeAsync(registry);
        try { throw new InvalidOperationException("not counted"); }
        catch (InvalidOperationException) { }
        var after = await ScrapeAsync(registry);

        Assert.Equal(before["dotnet_exceptions_total"], after["dotnet_exceptions_total"]);
    }
}
