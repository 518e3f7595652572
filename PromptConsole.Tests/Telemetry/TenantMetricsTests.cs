using System.Net;
using System.Text.Json.Nodes;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// Usage by tenant on /metrics (promptconsole_tenant_*, capped like every other family) and through
/// GET /api/v1/metrics/tenants.
/// </summary>
public sealed class TenantMetricsTests
{
    private static async Task ExecuteAsync(HttpClient client, string key, string? tenant)
    {
        var (status, _, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { topic = "tides" }, tenant });
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Tenant_series_past_the_cap_fold_into_overflow()
    {
        using var factory = new PromptConsoleFactory().WithSetting("PromptConsole:Metrics:MaxSeriesPerMetric", "3");
        using var client = factory.CreateClient();
        var key = await MetricsEndpointTests.CreatePromptAsync(client);
        foreach (var tenant in new[] { "t1", "t2", null, "t4", "t5", "t1" })
            await ExecuteAsync(client, key, tenant);

        var lines = (await client.GetStringAsync("/metrics")).Split('\n');

        var executions = lines.Where(l => l.StartsWith("promptconsole_tenant_executions_total{", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            ["promptconsole_tenant_executions_total{tenant=\"(none)\"} 1", "promptconsole_tenant_executions_total{tenant=\"overflow\"} 2",
             "promptconsole_tenant_executions_total{tenant=\"t1\"} 2", "promptconsole_tenant_executions_total{tenant=\"t2\"} 1"],
            executions.Order(StringComparer.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("promptconsole_tenant_cost_usd_total{tenant=\"t1\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("promptconsole_tenant_tokens_total{tenant=\"t1\",type=\"input\"} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("promptconsole_tenant_tokens_total{tenant=\"overflow\",type=\"overflow\"} ", StringComparison.Ordinal));
        Assert.Contains("promptconsole_metrics_dropped_series_total{metric=\"promptconsole_tenant_executions_total\"} 2", lines);

        var (exitCode, output) = await PrometheusTools.PromtoolAsync(string.Join('\n', lines), "check", "metrics");
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }

    [Theory]
    [MemberData(nameof(PersistenceTestHost.Providers), MemberType = typeof(PersistenceTestHost))]
    public async Task The_tenants_api_reports_executions_cost_and_share_by_tenant(TestDatabaseProvider provider)
    {
        using var factory = new PromptConsoleFactory(provider);
        using var client = factory.CreateClient();
        var key = await MetricsEndpointTests.CreatePromptAsync(client);
        foreach (var tenant in new[] { "acme", "acme", "globex", null })
            await ExecuteAsync(client, key, tenant);

        var (status, body, _) = await client.GetJsonAsync("/api/v1/metrics/tenants?range=1h");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1h", (string?)body!["range"]);
        var tenants = body["tenants"]!.AsArray();
        Assert.Equal(["(none)", "acme", "globex"], tenants.Select(t => (string)t!["tenant"]!).Order(StringComparer.Ordinal));
        var acme = tenants.Single(t => (string?)t!["tenant"] == "acme")!;
        Assert.Equal(2, (long)acme["executions"]!);
        Assert.Equal(0, (long)acme["errors"]!);
        Assert.True((long)acme["tokens"]! > 0);
        Assert.Equal(4, (long)body["total"]!["executions"]!);
        Assert.Equal(1.0, tenants.Sum(t => (double)t!["costShare"]!), 6);
        Assert.Equal("acme", (string?)tenants[0]!["tenant"]); // most expensive first

        // Records are written in batches by the recorder, so the request log catches up shortly after.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        JsonNode? executions;
        do
        {
            var (executionsStatus, body2, _) = await client.GetJsonAsync($"/api/v1/executions?tenant=acme&prompt={key}");
            Assert.Equal(HttpStatusCode.OK, executionsStatus);
            executions = body2;
            if ((int)executions!["total"]! >= 2)
                break;
            await Task.Delay(100);
        }
        while (waited.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(2, (int)executions!["total"]!);
        Assert.All(executions["items"]!.AsArray(), item => Assert.Equal("acme", (string?)item!["tenant"]));
    }

    [Theory]
    [InlineData("15m")]
    [InlineData("forever")]
    public async Task Other_ranges_are_a_400_problem_naming_range(string range)
    {
        using var factory = new PromptConsoleFactory();
        using var client = factory.CreateClient();

        var (status, body, _) = await client.GetJsonAsync($"/api/v1/metrics/tenants?range={range}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("range", (string?)body!["errors"]![0]!["field"]);
    }

    [Fact]
    public async Task A_tenant_longer_than_100_characters_is_refused()
    {
        using var factory = new PromptConsoleFactory();
        using var client = factory.CreateClient();
        var key = await MetricsEndpointTests.CreatePromptAsync(client);

        var (status, body, _) = await client.PostJsonAsync($"/api/v1/prompts/{key}/execute", new { variables = new { topic = "x" }, tenant = new string('t', 101) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("tenant", (string?)body!["errors"]![0]!["field"]);
    }
}
