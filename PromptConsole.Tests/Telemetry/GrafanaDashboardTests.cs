using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// The application on a real port after executions that touch every family (success, rejected
/// output, provider failure with retries, fallback, feedback), scraped by a real Prometheus that
/// also loads <c>deploy/prometheus/alerts.yml</c>.
/// </summary>
public sealed class DashboardApp : IAsyncLifetime
{
    private readonly PromptConsoleFactory _factory = MetricsApp.BrokenModel(new PromptConsoleFactory());

    private string _ok = "";
    private string _rejected = "";
    private string _failing = "";
    private string _rescued = "";

    public HttpClient App { get; private set; } = default!;

    public PrometheusServer Prometheus { get; private set; } = default!;

    /// <summary>Every sample name of a <c>/metrics</c> scrape taken after the executions.</summary>
    public IReadOnlySet<string> ScrapedNames { get; private set; } = new HashSet<string>();

    public async Task InitializeAsync()
    {
        var appUri = PrometheusServer.StartOnKestrel(_factory);
        App = PromptConsoleApiClient.Create(appUri);

        _ok = await MetricsEndpointTests.CreatePromptAsync(App);
        _rejected = await MetricsEndpointTests.CreatePromptAsync(App, checks: new { maxLength = 3 });
        _failing = await MetricsEndpointTests.CreatePromptAsync(App, model: "sim-broken");
        _rescued = await MetricsEndpointTests.CreatePromptAsync(App, model: "sim-broken", fallbacks: ["sim-fast"]);
        await ExerciseAsync();

        // Two scrapes: the first request is measured by the time the second one runs.
        await App.GetStringAsync("/metrics");
        ScrapedNames = GrafanaDashboardTests.SampleNames(await App.GetStringAsync("/metrics"));

        var alerts = Path.Combine(PrometheusTools.RepositoryRoot(), "deploy", "prometheus", "alerts.yml");
        Prometheus = await PrometheusServer.StartAsync(appUri, alerts);
        Assert.True(await Prometheus.WaitForAsync("up{job=\"promptconsole\"}", v => v == 1), $"The scrape target never came up.\n{Prometheus.Diagnostics()}");
    }

    /// <summary>One execution of each kind: a success with feedback and a grade, a rejected output, a provider failure (with retries), a fallback.</summary>
    public async Task ExerciseAsync()
    {
        var (status, body, _) = await App.PostJsonAsync($"/api/v1/prompts/{_ok}/execute", new { variables = new { topic = "tides" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await App.PostJsonAsync($"/api/v1/executions/{(string)body!["executionId"]!}/feedback", new { score = 4 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await App.PostJsonAsync($"/api/v1/executions/{(string)body!["executionId"]!}/scores", new { value = 0.9, evaluator = "judge" })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await MetricsEndpointTests.ExecuteAsync(App, _rejected));
        Assert.Equal(HttpStatusCode.BadGateway, await MetricsEndpointTests.ExecuteAsync(App, _failing));
        Assert.Equal(HttpStatusCode.OK, await MetricsEndpointTests.ExecuteAsync(App, _rescued));
    }

    public async Task DisposeAsync()
    {
        if (Prometheus is not null)
            await Prometheus.DisposeAsync();
        App?.Dispose();
        await _factory.DisposeAsync();
    }
}

public sealed partial class GrafanaDashboardTests(DashboardApp app) : IClassFixture<DashboardApp>
{
    /// <summary>Families that exist only once something is wrong, so a healthy scrape does not show them.</summary>
    private static readonly HashSet<string> TroubleOnlyFamilies = new(StringComparer.Ordinal) { "promptconsole_metrics_dropped_series_total" };

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless", "inf", "nan",
    };

    private static JsonNode Dashboard() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(PrometheusTools.RepositoryRoot(), "deploy", "grafana", "promptconsole.json")))!;

    private static IEnumerable<JsonNode> Panels(JsonNode dashboard) =>
        dashboard["panels"]!.AsArray().Select(p => p!).Where(p => (string?)p["type"] != "row");

    private static IEnumerable<(string Panel, string Expr)> Expressions(JsonNode dashboard) =>
        Panels(dashboard).SelectMany(p => p["targets"]!.AsArray().Select(t => ((string)p["title"]!, (string)t!["expr"]!)));

    /// <summary>Grafana's variables as Grafana would send them with "All" selected.</summary>
    public static string Substitute(string expr)
    {
        var substituted = VariableMatcher().Replace(expr, "$1=~\".*\"")
            .Replace("${__rate_interval}", "1m", StringComparison.Ordinal)
            .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("${__interval}", "1m", StringComparison.Ordinal)
            .Replace("$__interval", "1m", StringComparison.Ordinal)
            .Replace("${__range}", "5m", StringComparison.Ordinal)
            .Replace("$__range", "5m", StringComparison.Ordinal);
        Assert.False(substituted.Contains('$', StringComparison.Ordinal), $"Unknown variable left in: {substituted}");
        return substituted;
    }

    /// <summary>The metric names a PromQL expression selects (not functions, keywords or label names).</summary>
    public static IReadOnlySet<string> MetricNames(string expr)
    {
        var text = QuotedString().Replace(expr, "\"\"");
        text = LabelMatchers().Replace(text, " ");
        text = RangeOrSubquery().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifier().Matches(text).Select(m => m.Value).Where(n => !PromQlWords.Contains(n)).ToHashSet(StringComparer.Ordinal);
    }

    public static IReadOnlySet<string> SampleNames(string exposition) => exposition.Split('\n')
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => l[..l.IndexOfAny(['{', ' '])])
        .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_dashboard_is_an_importable_model_with_datasource_prompt_and_model_variables()
    {
        var dashboard = Dashboard();

        Assert.Equal("PromptConsole", (string?)dashboard["title"]);
        Assert.Equal("promptconsole", (string?)dashboard["uid"]);
        Assert.True((int)dashboard["schemaVersion"]! >= 36);
        var variables = dashboard["templating"]!["list"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
        Assert.Equal("datasource", (string?)variables["datasource"]["type"]);
        Assert.Equal("prometheus", (string?)variables["datasource"]["query"]);
        foreach (var (name, label) in new[] { ("prompt", "prompt"), ("model", "model") })
        {
            Assert.Equal("query", (string?)variables[name]["type"]);
            Assert.Equal($"label_values(promptconsole_executions_total, {label})", (string?)variables[name]["definition"]);
            Assert.Equal(".*", (string?)variables[name]["allValue"]);
            Assert.Equal("${datasource}", (string?)variables[name]["datasource"]!["uid"]);
        }

        var panels = Panels(dashboard).ToArray();
        var ids = dashboard["panels"]!.AsArray().Select(p => (int)p!["id"]!).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(panels, p =>
        {
            Assert.Equal("${datasource}", (string?)p["datasource"]!["uid"]);
            Assert.NotEmpty(p["targets"]!.AsArray());
            Assert.All(p["targets"]!.AsArray(), t => Assert.Equal("${datasource}", (string?)t!["datasource"]!["uid"]));
            var grid = p["gridPos"]!;
            Assert.InRange((int)grid["x"]! + (int)grid["w"]!, 1, 24);
        });

        var titles = panels.Select(p => (string)p["title"]!).ToArray();
        foreach (var wanted in new[]
                 {
                     "Request rate by prompt", "Error rate", "Errors by type", "Execution latency p50 / p95 / p99", "Tokens/s (input / output)",
                     "Cost per minute", "Projected cost per day", "Cache hit rate by level", "Quality score (mean feedback)", "Automated score (mean, by evaluator)", "Retries and fallbacks",
                     "Provider failures (GenAI)", "Output-check failures", "Template render duration p50 / p99", "Top prompts by traffic",
                     "Top prompts by cost", "Top tenants by cost", "Top tenants by traffic", "HTTP requests by route and status", "Active requests", "Memory", "GC collections and pause time",
                 })
        {
            Assert.Contains(wanted, titles);
        }
    }

    [Fact]
    public void Panels_filter_by_the_prompt_and_model_variables_with_regex_matchers()
    {
        var expressions = Expressions(Dashboard()).Select(e => e.Expr).ToArray();

        Assert.DoesNotContain(expressions, e => Regex.IsMatch(e, @"[^=!]=""\$\{?(prompt|model)"));
        Assert.True(expressions.Count(e => e.Contains("prompt=~\"$prompt\"", StringComparison.Ordinal)) >= 15);
        Assert.True(expressions.Count(e => e.Contains("=~\"$model\"", StringComparison.Ordinal)) >= 15);
    }

    [Theory]
    [InlineData("sum(rate(x_total{prompt=~\"$prompt\", model=~\"${model}\"}[$__rate_interval]))", "sum(rate(x_total{prompt=~\".*\", model=~\".*\"}[1m]))")]
    [InlineData("increase(x_total{prompt=\"$prompt\"}[$__range])", "increase(x_total{prompt=~\".*\"}[5m])")]
    [InlineData("rate(x_total[$__interval])", "rate(x_total[1m])")]
    public void Variables_are_substituted_the_way_grafana_sends_all(string expr, string expected)
    {
        Assert.Equal(expected, Substitute(expr));
    }

    [Theory]
    [InlineData("histogram_quantile(0.95, sum by (prompt, le) (rate(a_seconds_bucket{prompt=~\"x\"}[5m])))", "a_seconds_bucket")]
    [InlineData("sum by (level) (rate(b_total{level!=\"miss\"}[1m])) / on() group_left() sum(rate(b_total[1m]))", "b_total")]
    [InlineData("sum(rate(c_total[1h])) > 3 * sum(rate(c_total[1d] offset 1d)) and sum(d) > 1", "c_total,d")]
    [InlineData("topk(10, sum by (prompt) (increase(e_total{model=~\".*\"}[5m])))", "e_total")]
    public void Metric_names_are_read_out_of_expressions(string expr, string expected)
    {
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), MetricNames(expr).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_panel_expression_is_accepted_by_prometheus()
    {
        var rejected = new List<string>();
        foreach (var (panel, expr) in Expressions(Dashboard()))
        {
            var query = Substitute(expr);
            var answer = await app.Prometheus.QueryAsync(query);
            if ((string?)answer["status"] != "success")
                rejected.Add($"{panel}: {query}\n  → {(string?)answer["error"]}");
        }

        Assert.True(rejected.Count == 0, "Prometheus rejected:\n" + string.Join('\n', rejected));
    }

    [Fact]
    public async Task The_main_panels_show_data_while_executions_run()
    {
        var pending = new[]
            {
                "Request rate by prompt", "Errors by type", "Execution latency p50 / p95 / p99", "Tokens/s (input / output)", "Cost per minute",
                "Quality score (mean feedback)", "Automated score (mean, by evaluator)", "Retries and fallbacks", "Provider failures (GenAI)", "Output-check failures", "Top prompts by traffic",
            }
            .ToDictionary(title => title, title => Substitute((string)Panels(Dashboard()).Single(p => (string?)p["title"] == title)["targets"]![0]!["expr"]!));

        // Rates need two scrapes that differ, so executions keep running while the panels are checked.
        var deadline = Stopwatch.StartNew();
        while (pending.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await app.ExerciseAsync();
            foreach (var (title, query) in pending.ToArray())
            {
                var result = (await app.Prometheus.QueryAsync(query))["data"]?["result"]?.AsArray() ?? [];
                if (result.Any(r => double.TryParse((string?)r!["value"]![1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0))
                    pending.Remove(title);
            }

            await Task.Delay(250);
        }

        Assert.True(pending.Count == 0, "Panels without data:\n" + string.Join('\n', pending.Select(p => $"{p.Key}: {p.Value}")) + $"\nlast answer: {app.Prometheus.LastAnswer}");
    }

    [Fact]
    public void Every_metric_the_dashboard_names_is_in_a_live_scrape()
    {
        var dashboard = Dashboard();
        var referenced = Expressions(dashboard).SelectMany(e => MetricNames(e.Expr).Select(name => (e.Panel, Name: name))).ToList();
        foreach (var variable in dashboard["templating"]!["list"]!.AsArray())
        {
            if (LabelValues().Match((string?)variable!["definition"] ?? "") is { Success: true } match)
                referenced.Add(($"variable {(string)variable["name"]!}", match.Groups[1].Value));
        }

        Assert.True(referenced.Count > 40);
        var missing = referenced.Where(r => !app.ScrapedNames.Contains(r.Name)).Select(r => $"{r.Panel}: {r.Name}").Distinct().ToArray();
        Assert.True(missing.Length == 0, "Not in /metrics:\n" + string.Join('\n', missing));
    }

    [Fact]
    public async Task The_alert_rules_load_evaluate_cover_the_key_risks_and_name_only_live_metrics()
    {
        var deadline = Stopwatch.StartNew();
        JsonArray rules;
        do
        {
            rules = new JsonArray((await app.Prometheus.GetAsync("rules"))["data"]!["groups"]!.AsArray()
                .SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!.DeepClone()).ToArray());
            if (rules.Count > 0 && rules.All(r => (string?)r!["health"] != "unknown"))
                break;
            await Task.Delay(250);
        }
        while (deadline.Elapsed < PrometheusServer.Patience);

        var names = rules.Select(r => (string)r!["name"]!).ToArray();
        foreach (var wanted in new[]
                 {
                     "PromptExecutionErrorRateHigh", "PromptExecutionLatencyP95High", "PromptExecutionLatencyP99High", "PromptCacheHitRateLow",
                     "PromptCostSpike", "PromptQualityDrop", "PromptProviderFailures",
                 })
        {
            Assert.Contains(wanted, names);
        }

        Assert.All(rules, r => Assert.True((string?)r!["health"] == "ok", $"{(string?)r["name"]}: {(string?)r["health"]} {(string?)r["lastError"]}"));
        var missing = rules
            .SelectMany(r => MetricNames((string)r!["query"]!).Select(name => $"{(string)r["name"]!}: {name}"))
            .Where(entry => entry.Split(": ")[1] is var name && !app.ScrapedNames.Contains(name) && !TroubleOnlyFamilies.Contains(name))
            .ToArray();
        Assert.True(missing.Length == 0, "Alert rules name metrics not in /metrics:\n" + string.Join('\n', missing));
    }

    [GeneratedRegex(@"(\w+)\s*=~?\s*""\$\{?(prompt|model)\}?""")]
    private static partial Regex VariableMatcher();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeOrSubquery();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^label_values\((\w+),\s*\w+\)$")]
    private static partial Regex LabelValues();
}
