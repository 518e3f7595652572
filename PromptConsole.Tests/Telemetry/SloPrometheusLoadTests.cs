using System.Net;
using System.Text.Json.Nodes;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// The rules <c>GET /api/v1/slos/prometheus-rules</c> serves, loaded into a real Prometheus (Debian 2.42) that scrapes
/// the application every second while it runs a prompt whose model always fails and one whose model always answers
/// at once: the failing prompt's SLO pages, the healthy prompt's SLOs stay quiet with an error ratio of 0.
/// </summary>
public sealed class SloPrometheusLoadTests : IAsyncLifetime
{
    private readonly PromptConsoleFactory _factory = MetricsApp.BrokenModel(new PromptConsoleFactory());
    private readonly string _directory = Directory.CreateTempSubdirectory("promptconsole-slo-load-").FullName;
    private PrometheusServer? _prometheus;
    private HttpClient _app = default!;
    private Uri _appUri = default!;

    public Task InitializeAsync()
    {
        _appUri = PrometheusServer.StartOnKestrel(_factory);
        _app = PromptConsoleApiClient.Create(_appUri);
        return Task.CompletedTask;
    }

    private async Task<string> CreateSloAsync(object body)
    {
        var created = await _app.PostJsonAsync("/api/v1/slos", body);
        Assert.True(created.Status == HttpStatusCode.Created, created.Body?.ToJsonString());
        return (string)created.Body!["id"]!;
    }

    [Fact]
    public async Task The_generated_rules_load_into_Prometheus_and_page_on_failing_executions()
    {
        var broken = await MetricsEndpointTests.CreatePromptAsync(_app, model: "sim-broken");
        var healthy = await MetricsEndpointTests.CreatePromptAsync(_app);
        var failing = await CreateSloAsync(new { name = "Broken answers", prompt = broken, indicator = "availability", objective = 99.9, periodDays = 30 });
        var answering = await CreateSloAsync(new { name = "Healthy answers", prompt = healthy, indicator = "availability", objective = 99, periodDays = 30 });
        var quick = await CreateSloAsync(new { name = "Healthy and quick", prompt = healthy, indicator = "latency", objective = 99, periodDays = 30, latencyThresholdMs = 1000 });

        var rules = Path.Combine(_directory, "slo-rules.yml");
        await File.WriteAllTextAsync(rules, await _app.GetStringAsync("/api/v1/slos/prometheus-rules"));
        _prometheus = await PrometheusServer.StartAsync(_appUri, rules);
        var prometheus = _prometheus;
        Assert.True(await prometheus.WaitForAsync("up{job=\"promptconsole\"}", value => value == 1), $"The scrape target never came up.\n{prometheus.Diagnostics()}");

        var loaded = await prometheus.GetAsync("rules");
        var groups = loaded["data"]!["groups"]!.AsArray().Select(g => (string?)g!["name"]).ToArray();
        Assert.True(groups.Length == 3, $"Prometheus loaded {loaded.ToJsonString()}\n{prometheus.Diagnostics()}");

        using var stop = new CancellationTokenSource();
        var traffic = RunTrafficAsync([broken, healthy], stop.Token);
        try
        {
            var paged = await prometheus.WaitForAsync(
                $"ALERTS{{alertname=\"{SloPrometheusRules.PageAlertName}\",severity=\"page\",alertstate=\"firing\",slo_id=\"{failing}\",prompt=\"{broken}\"}}",
                value => value == 1);
            Assert.True(paged, $"The page alert never fired; last answer: {prometheus.LastAnswer}\n{prometheus.Diagnostics()}");
            await AssertEventuallyAsync(prometheus, $"slo:sli_error:ratio_rate5m{{slo_id=\"{failing}\"}}", value => value == 1);

            // The healthy prompt's error ratios exist (so the latency bucket's le label matched) and are 0.
            await AssertEventuallyAsync(prometheus, $"slo:sli_error:ratio_rate5m{{slo_id=\"{answering}\"}}", value => value == 0);
            await AssertEventuallyAsync(prometheus, $"slo:sli_error:ratio_rate1h{{slo_id=\"{quick}\"}}", value => value == 0);
            await AssertEventuallyAsync(prometheus, $"slo:period_error_budget_remaining:ratio{{slo_id=\"{failing}\"}}", value => value < 0);
            var quiet = await prometheus.QueryAsync($"ALERTS{{slo_id=~\"{answering}|{quick}\"}}");
            Assert.True(quiet["data"]!["result"]!.AsArray().Count == 0, $"A healthy SLO alerted: {quiet.ToJsonString()}");
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }
    }

    private static async Task AssertEventuallyAsync(PrometheusServer prometheus, string query, Func<double, bool> accept)
    {
        if (await prometheus.WaitForAsync(query, accept))
            return;
        var last = prometheus.LastAnswer;
        var recorded = await prometheus.QueryAsync("{__name__=~\"slo:.+\"}");
        Assert.Fail($"{query} never became what was expected; last answer: {last}\nEvery slo: series: {recorded.ToJsonString()}\n{prometheus.Diagnostics()}");
    }

    /// <summary>Executes each prompt a few times a second until stopped, so every scrape sees the counters move.</summary>
    private async Task RunTrafficAsync(IReadOnlyList<string> prompts, CancellationToken stop)
    {
        var topic = 0;
        while (!stop.IsCancellationRequested)
        {
            foreach (var prompt in prompts)
                await MetricsEndpointTests.ExecuteAsync(_app, prompt, $"topic {topic++}");
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
            await _prometheus.DisposeAsync();
        _app?.Dispose();
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
