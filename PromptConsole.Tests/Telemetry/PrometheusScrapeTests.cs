using System.Net;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// A real Prometheus server (Debian 2.42) scraping the application on a real Kestrel port every
/// second; the test asks Prometheus' query API for what it stored.
/// </summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private readonly PromptConsoleFactory _factory = MetricsApp.BrokenModel(new PromptConsoleFactory());
    private PrometheusServer? _prometheus;
    private HttpClient _app = default!;

    public async Task InitializeAsync()
    {
        var appUri = PrometheusServer.StartOnKestrel(_factory);
        _app = PromptConsoleApiClient.Create(appUri);
        _prometheus = await PrometheusServer.StartAsync(appUri);
    }

    [Fact]
    public async Task Prometheus_scrapes_the_executions_made()
    {
        var prometheus = _prometheus!;
        var up = await prometheus.WaitForAsync("up{job=\"promptconsole\"}", value => value == 1);
        Assert.True(up, $"The scrape target never came up within {PrometheusServer.Patience.TotalSeconds} s.\n{prometheus.Diagnostics()}");

        var key = await MetricsEndpointTests.CreatePromptAsync(_app);
        const int executions = 5;
        for (var i = 0; i < executions; i++)
            Assert.Equal(HttpStatusCode.OK, await MetricsEndpointTests.ExecuteAsync(_app, key, $"topic {i}"));

        var counted = await prometheus.WaitForAsync($"sum(promptconsole_executions_total{{prompt=\"{key}\"}})", value => value == executions);
        Assert.True(counted, $"Prometheus never reported {executions} executions of {key} within {PrometheusServer.Patience.TotalSeconds} s; last answer: {prometheus.LastAnswer}\n{prometheus.Diagnostics()}");

        // Histograms arrive as histograms: quantiles over the stored buckets work.
        var p95 = await prometheus.WaitForAsync(
            $"histogram_quantile(0.95, sum by (le) (promptconsole_execution_duration_seconds_bucket{{prompt=\"{key}\"}}))",
            value => value is > 0 and <= 60);
        Assert.True(p95, $"No p95 latency for {key}; last answer: {prometheus.LastAnswer}");

        // prometheus-net's HTTP middleware counts the scrapes themselves, by route template.
        Assert.True(await prometheus.WaitForAsync("sum(http_requests_received_total{endpoint=\"/metrics\",code=\"200\"})", value => value >= 1), $"No HTTP metrics; last answer: {prometheus.LastAnswer}");
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
            await _prometheus.DisposeAsync();
        _app?.Dispose();
        await _factory.DisposeAsync();
    }
}
