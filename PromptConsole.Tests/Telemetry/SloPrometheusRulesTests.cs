using PromptConsole.Domain.Slos;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Tests.Telemetry;

/// <summary>
/// The SLOs' Prometheus rules through Debian's promtool: <c>check rules</c> for every kind of SLO, and
/// <c>test rules</c> with planted series — a fast burn pages and does not ticket, a slow burn tickets and does not page,
/// the latency and quality error ratios are what the planted buckets say.
/// </summary>
public sealed class SloPrometheusRulesTests : IDisposable
{
    private static readonly SloDefinition Availability = new(Guid.Parse("0191e5a4-0000-7000-8000-00000000a001"), "Checkout answers", "checkout", SloIndicator.Availability, 99.9, 30, null, null);

    private static readonly SloDefinition LatencyOnBound = new(Guid.Parse("0191e5a4-0000-7000-8000-00000000b001"), "Checkout is quick", "checkout", SloIndicator.Latency, 99, 30, 500, null);

    private static readonly SloDefinition LatencyBetweenBounds = new(Guid.Parse("0191e5a4-0000-7000-8000-00000000b002"), "Everything within 0.7 s", null, SloIndicator.Latency, 99, 28, 700, null);

    private static readonly SloDefinition LatencyBelowBuckets = new(Guid.Parse("0191e5a4-0000-7000-8000-00000000b003"), "Sub-millisecond", null, SloIndicator.Latency, 99, 30, 1, null);

    private static readonly SloDefinition Quality = new(Guid.Parse("0191e5a4-0000-7000-8000-00000000c001"), "Answers are \"good\" \\ mostly", "checkout", SloIndicator.Quality, 95, 7, null, 0.75);

    private readonly string _directory = Directory.CreateTempSubdirectory("promptconsole-slo-rules-").FullName;

    private async Task<string> WriteRulesAsync(params SloDefinition[] slos)
    {
        var path = Path.Combine(_directory, "slo-rules.yml");
        await File.WriteAllTextAsync(path, SloPrometheusRules.Render(slos));
        return path;
    }

    [Fact]
    public async Task Rules_for_every_kind_of_SLO_pass_promtool_check_rules()
    {
        var rules = await WriteRulesAsync(Availability, LatencyOnBound, LatencyBetweenBounds, LatencyBelowBuckets, Quality);

        var (exitCode, output) = await PrometheusTools.PromtoolAsync(null, "check", "rules", rules);

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}\n{await File.ReadAllTextAsync(rules)}");
        // Four SLOs with rules (the sub-millisecond one has none): 6 windows + period + objective + budget + remaining + 2 alerts.
        Assert.True(output.Contains("SUCCESS: 48 rules found", StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task No_SLOs_is_still_a_valid_rule_file()
    {
        var rules = await WriteRulesAsync();

        var (exitCode, output) = await PrometheusTools.PromtoolAsync(null, "check", "rules", rules);

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}");
    }

    [Fact]
    public void The_rules_say_which_bucket_stands_for_a_threshold_and_scale_short_periods()
    {
        var yaml = SloPrometheusRules.Render([LatencyOnBound, LatencyBetweenBounds, LatencyBelowBuckets, Quality]);

        Assert.Contains("le=\"0.5\"", yaml, StringComparison.Ordinal);
        Assert.Contains("the threshold 0.7 s is not a bucket bound, so the largest bound below it is used", yaml, StringComparison.Ordinal);
        Assert.Contains("No rules: its latency threshold (1 ms) is below the smallest bucket", yaml, StringComparison.Ordinal);
        Assert.Contains("Windows scaled to 7d: 5m=1m10s, 30m=7m, 1h=14m, 6h=1h24m, 1d=5h36m, 3d=16h48m.", yaml, StringComparison.Ordinal);
        Assert.Contains("[1m10s]", yaml, StringComparison.Ordinal);
        Assert.Contains("Windows scaled to 28d: 5m=4m40s", yaml, StringComparison.Ordinal);
        // Whole bounds match both the text format's "3" and OpenMetrics' "3.0".
        Assert.Contains("promptconsole_quality_score_bucket{prompt=\"checkout\",le=~\"3(\\\\.0)?\"}", yaml, StringComparison.Ordinal);
        Assert.Contains("promptconsole_evaluation_score_bucket{prompt=\"checkout\",le=\"0.8\"}", yaml, StringComparison.Ordinal);
        Assert.Contains("slo_name: \"Answers are \\\"good\\\" \\\\ mostly\"", yaml, StringComparison.Ordinal);
    }

    /// <summary>
    /// Three days of clean traffic (100 executions a minute), then an hour at 2 % errors: a burn of about 20 over the
    /// 1 h and 5 m windows pages; over 3 d it is about 0.28, so no ticket.
    /// </summary>
    [Fact]
    public async Task A_fast_burn_pages_and_does_not_ticket()
    {
        var rules = await WriteRulesAsync(Availability);
        var result = await RunRuleTestAsync(rules, $$"""
              - interval: 1m
                input_series:
                  - series: 'promptconsole_executions_total{prompt="checkout",status="success",model="sim"}'
                    values: '0+100x4380'
                  - series: 'promptconsole_executions_total{prompt="checkout",status="provider_failed",model="sim"}'
                    values: '0+0x4320 2+2x59'
                  - series: 'promptconsole_executions_total{prompt="checkout",status="cancelled",model="sim"}'
                    values: '0+50x4380'
                  - series: 'promptconsole_executions_total{prompt="other",status="provider_failed",model="sim"}'
                    values: '0+1000x4380'
                promql_expr_test:
                  - expr: 'ALERTS{alertname="{{SloPrometheusRules.PageAlertName}}",alertstate="firing"}'
                    eval_time: 73h
                    exp_samples:
                      - labels: '{{Alert(SloPrometheusRules.PageAlertName, "page", Availability)}}'
                        value: 1
                  - expr: 'round(slo:sli_error:ratio_rate1h{slo_id="{{Availability.Id}}"} * 10000)'
                    eval_time: 73h
                    exp_samples:
                      - labels: '{{Record("", Availability, "1h")}}'
                        value: 196
                alert_rule_test:
                  - alertname: {{SloPrometheusRules.TicketAlertName}}
                    eval_time: 73h
                    exp_alerts: []
                  - alertname: {{SloPrometheusRules.PageAlertName}}
                    eval_time: 72h
                    exp_alerts: []
            """);

        Assert.True(result.ExitCode == 0, $"promtool test rules exited {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>Three days at 0.2 % errors against a 0.1 % budget: a burn of 2 tickets; it never pages.</summary>
    [Fact]
    public async Task A_slow_burn_tickets_and_does_not_page()
    {
        var rules = await WriteRulesAsync(Availability);
        var result = await RunRuleTestAsync(rules, $$"""
              - interval: 1m
                input_series:
                  - series: 'promptconsole_executions_total{prompt="checkout",status="success"}'
                    values: '0+99.8x4380'
                  - series: 'promptconsole_executions_total{prompt="checkout",status="output_rejected"}'
                    values: '0+0.2x4380'
                promql_expr_test:
                  - expr: 'ALERTS{alertname="{{SloPrometheusRules.TicketAlertName}}",alertstate="firing"}'
                    eval_time: 73h
                    exp_samples:
                      - labels: '{{Alert(SloPrometheusRules.TicketAlertName, "ticket", Availability)}}'
                        value: 1
                alert_rule_test:
                  - alertname: {{SloPrometheusRules.PageAlertName}}
                    eval_time: 73h
                    exp_alerts: []
            """);

        Assert.True(result.ExitCode == 0, $"promtool test rules exited {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>
    /// Latency: 9 of 10 executions a minute in the 0.5 s bucket, so 10 % are slow. Quality: per minute 4 feedback scores
    /// with 1 at most 3 of 5, and 4 automated grades with 1 at most 0.8, so a quarter are below 0.75.
    /// </summary>
    [Fact]
    public async Task Latency_and_quality_error_ratios_come_from_the_buckets()
    {
        var rules = await WriteRulesAsync(LatencyOnBound, Quality);
        var result = await RunRuleTestAsync(rules, $$"""
              - interval: 1m
                input_series:
                  - series: 'promptconsole_execution_duration_seconds_count{prompt="checkout",model="sim-fast"}'
                    values: '0+10x120'
                  - series: 'promptconsole_execution_duration_seconds_bucket{prompt="checkout",model="sim-fast",le="0.5"}'
                    values: '0+9x120'
                  - series: 'promptconsole_quality_score_count{prompt="checkout",version="1"}'
                    values: '0+4x120'
                  - series: 'promptconsole_quality_score_bucket{prompt="checkout",version="1",le="3"}'
                    values: '0+1x120'
                  - series: 'promptconsole_evaluation_score_count{prompt="checkout",version="1",evaluator="judge"}'
                    values: '0+4x120'
                  - series: 'promptconsole_evaluation_score_bucket{prompt="checkout",version="1",evaluator="judge",le="0.8"}'
                    values: '0+1x120'
                promql_expr_test:
                  - expr: 'round(slo:sli_error:ratio_rate1h{slo_id="{{LatencyOnBound.Id}}"} * 1000)'
                    eval_time: 2h
                    exp_samples:
                      - labels: '{{Record("", LatencyOnBound, "1h")}}'
                        value: 100
                  - expr: 'round(slo:sli_error:ratio_rate1h{slo_id="{{Quality.Id}}"} * 1000)'
                    eval_time: 2h
                    exp_samples:
                      - labels: '{{Record("", Quality, "1h")}}'
                        value: 250
            """);

        Assert.True(result.ExitCode == 0, $"promtool test rules exited {result.ExitCode}:\n{result.Output}");
    }

    private static string Labels(IEnumerable<(string Name, string Value)> labels) =>
        string.Join(",", labels.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}=\"{l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""));

    /// <summary>An alert's series in PromQL label syntax (single-quoted YAML keeps its backslashes as they are).</summary>
    private static string Alert(string name, string severity, SloDefinition slo) =>
        "ALERTS{" + Labels(SloLabels(slo).Concat([("alertname", name), ("alertstate", "firing"), ("severity", severity)])) + "}";

    /// <summary>A recorded series' labels (<paramref name="name"/> empty once a function dropped the metric name).</summary>
    private static string Record(string name, SloDefinition slo, string window) =>
        name + "{" + Labels(SloLabels(slo).Append(("slo_window", window))) + "}";

    private static IEnumerable<(string, string)> SloLabels(SloDefinition slo)
    {
        yield return ("slo_id", slo.Id.ToString());
        yield return ("slo_name", slo.Name);
        if (slo.PromptKey is not null)
            yield return ("prompt", slo.PromptKey);
    }

    private async Task<(int ExitCode, string Output)> RunRuleTestAsync(string rules, string tests)
    {
        var path = Path.Combine(_directory, "slo-rules-test.yml");
        await File.WriteAllTextAsync(path, $"""
            rule_files:
              - {Path.GetFileName(rules)}
            evaluation_interval: 5m
            tests:
            {tests}
            """);
        return await PrometheusTools.PromtoolAsync(null, "test", "rules", path);
    }

    public void Dispose()
    {
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
