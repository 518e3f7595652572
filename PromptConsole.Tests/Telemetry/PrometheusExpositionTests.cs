using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry;

/// <summary>The text writer and the aggregation, over a meter of a private factory.</summary>
public sealed class PrometheusExpositionTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Meter _meter;

    public PrometheusExpositionTests()
    {
        _meter = _services.GetRequiredService<IMeterFactory>().Create(PromptConsoleMetrics.MeterName);
    }

    private PrometheusExposition NewExposition(int maxSeries = 1000) =>
        new(_services.GetRequiredService<IMeterFactory>(), maxSeries, [PromptConsoleMetrics.MeterName]);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("http.server.request.duration", "http_server_request_duration")]
    [InlineData("a-b/c d", "a_b_c_d")]
    [InlineData("9lives", "_lives")]
    [InlineData("ns:name_ok", "ns:name_ok")]
    [InlineData("ünïcode", "_n_code")]
    public void Metric_names_are_sanitised(string input, string expected) =>
        Assert.Equal(expected, PrometheusText.MetricName(input));

    [Theory]
    [InlineData("gen_ai.token.type", "gen_ai_token_type")]
    [InlineData("a:b", "a_b")]
    [InlineData("1st", "_st")]
    public void Label_names_are_sanitised_without_colons(string input, string expected) =>
        Assert.Equal(expected, PrometheusText.LabelName(input));

    [Theory]
    [InlineData("promptconsole.execution.duration", "s", false, "promptconsole_execution_duration_seconds")]
    [InlineData("promptconsole.executions", "{execution}", true, "promptconsole_executions_total")]
    [InlineData("promptconsole.cost", "USD", true, "promptconsole_cost_usd_total")]
    [InlineData("dotnet.process.cpu.time", "s", true, "dotnet_process_cpu_time_seconds_total")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", true, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("requests_total", null, true, "requests_total")]
    [InlineData("latency_seconds", "s", false, "latency_seconds")]
    [InlineData("dotnet.assembly.count", "{assembly}", false, "dotnet_assembly_count_value")]
    [InlineData("dotnet.timer.count", "{timer}", true, "dotnet_timer_count_total")]
    public void Family_names_get_unit_and_total_suffixes(string instrument, string? unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusText.FamilyName(instrument, unit, counter));

    [Fact]
    public void Counters_are_summed_per_label_set_and_named_total()
    {
        using var exposition = NewExposition();
        var counter = _meter.CreateCounter<long>("test.requests", "{request}", "Requests handled.");
        counter.Add(2, new KeyValuePair<string, object?>("route", "b"));
        counter.Add(3, new KeyValuePair<string, object?>("route", "a"));
        counter.Add(4, new KeyValuePair<string, object?>("route", "b"));

        var lines = Lines(exposition.Scrape());

        Assert.Equal(
            ["# HELP test_requests_total Requests handled.", "# TYPE test_requests_total counter", "test_requests_total{route=\"a\"} 3", "test_requests_total{route=\"b\"} 6"],
            lines);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline_and_labels_are_sorted()
    {
        using var exposition = NewExposition();
        var counter = _meter.CreateCounter<double>("test.escapes");
        counter.Add(1.5, new KeyValuePair<string, object?>("zeta", "a\\b\"c\nd"), new KeyValuePair<string, object?>("alpha.name", 42));

        var text = exposition.Scrape();

        Assert.Contains("test_escapes_total{alpha_name=\"42\",zeta=\"a\\\\b\\\"c\\nd\"} 1.5\n", text, StringComparison.Ordinal);
        // With no description the instrument name is the help text.
        Assert.Contains("# HELP test_escapes_total test.escapes\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_inf_sum_and_count()
    {
        using var exposition = NewExposition();
        var histogram = _meter.CreateHistogram("test.latency", "s", "Latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20, 30 })
            histogram.Record(value, new KeyValuePair<string, object?>("op", "x"));

        var lines = Lines(exposition.Scrape());

        Assert.Equal(
            [
                "# HELP test_latency_seconds Latency.",
                "# TYPE test_latency_seconds histogram",
                "test_latency_seconds_bucket{op=\"x\",le=\"0.1\"} 2", // 0.1 is "less than or equal"
                "test_latency_seconds_bucket{op=\"x\",le=\"1\"} 3",
                "test_latency_seconds_bucket{op=\"x\",le=\"10\"} 4",
                "test_latency_seconds_bucket{op=\"x\",le=\"+Inf\"} 6",
                "test_latency_seconds_sum{op=\"x\"} 52.65",
                "test_latency_seconds_count{op=\"x\"} 6",
            ],
            lines);
    }

    [Fact]
    public void Families_are_sorted_by_name_and_up_down_counters_and_observables_are_gauges()
    {
        using var exposition = NewExposition();
        var queued = 7;
        _meter.CreateObservableGauge("test.queue.depth", () => queued, "{item}", "Items waiting.");
        _meter.CreateObservableCounter("test.cpu.time", () => 12.5, "s", "CPU time.");
        var inFlight = _meter.CreateUpDownCounter<int>("test.active");
        inFlight.Add(3);
        inFlight.Add(-1);
        var temperature = _meter.CreateGauge<double>("test.temperature");
        temperature.Record(21.5);
        temperature.Record(19);

        var first = exposition.Scrape();
        queued = 4;
        var second = Lines(exposition.Scrape());

        Assert.Contains("test_queue_depth 7\n", first, StringComparison.Ordinal);
        Assert.Contains("test_queue_depth 4", second);
        Assert.Contains("# TYPE test_queue_depth gauge", second);
        Assert.Contains("test_cpu_time_seconds_total 12.5", second);
        Assert.Contains("# TYPE test_cpu_time_seconds_total counter", second);
        Assert.Contains("test_active 2", second);
        Assert.Contains("# TYPE test_active gauge", second);
        Assert.Contains("test_temperature 19", second); // a gauge keeps the last value
        var types = second.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToArray();
        Assert.Equal(types.Order(StringComparer.Ordinal).ToArray(), types);
    }

    [Fact]
    public void Meters_of_another_factory_are_not_exposed()
    {
        using var exposition = NewExposition();
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var otherMeter = otherServices.GetRequiredService<IMeterFactory>().Create(PromptConsoleMetrics.MeterName);
        otherMeter.CreateCounter<long>("test.elsewhere").Add(1);
        _meter.CreateCounter<long>("test.here").Add(1);

        var text = exposition.Scrape();

        Assert.Contains("test_here_total 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("test_elsewhere", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_sets_past_the_limit_fold_into_one_overflow_series_and_are_counted()
    {
        const int limit = 5;
        const int extra = 3;
        using var exposition = NewExposition(limit);
        var counter = _meter.CreateCounter<long>("test.guarded");
        for (var i = 0; i < limit + extra; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("user", $"u{i}"), new KeyValuePair<string, object?>("kind", "k"));
            counter.Add(1, new KeyValuePair<string, object?>("user", $"u{i}"), new KeyValuePair<string, object?>("kind", "k")); // same set again
        }

        var lines = Lines(exposition.Scrape());

        var series = lines.Where(l => l.StartsWith("test_guarded_total{", StringComparison.Ordinal)).ToArray();
        Assert.Equal(limit + 1, series.Length);
        for (var i = 0; i < limit; i++)
            Assert.Contains($"test_guarded_total{{kind=\"k\",user=\"u{i}\"}} 2", series);
        Assert.Contains($"test_guarded_total{{kind=\"overflow\",user=\"overflow\"}} {extra * 2}", series);
        Assert.Contains($"promptconsole_metrics_dropped_series_total{{metric=\"test_guarded_total\"}} {extra}", lines);
        Assert.Contains("# TYPE promptconsole_metrics_dropped_series_total counter", lines);
    }

    [Fact]
    public void Nothing_dropped_writes_no_dropped_series_family()
    {
        using var exposition = NewExposition(2);
        _meter.CreateCounter<long>("test.small").Add(1, new KeyValuePair<string, object?>("a", "1"));

        Assert.DoesNotContain("dropped_series", exposition.Scrape(), StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_measurements_are_all_counted()
    {
        using var exposition = NewExposition();
        var counter = _meter.CreateCounter<double>("test.concurrent");
        var histogram = _meter.CreateHistogram<double>("test.concurrent.duration", "s");
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(0.5, new KeyValuePair<string, object?>("w", worker % 2));
                histogram.Record(0.02);
            }
        });

        var lines = Lines(exposition.Scrape());

        Assert.Contains("test_concurrent_total{w=\"0\"} 20000", lines);
        Assert.Contains("test_concurrent_total{w=\"1\"} 20000", lines);
        Assert.Contains("test_concurrent_duration_seconds_count 80000", lines);
        Assert.Contains("test_concurrent_duration_seconds_bucket{le=\"+Inf\"} 80000", lines);
    }

    public void Dispose()
    {
        _meter.Dispose();
        _services.Dispose();
    }
}
