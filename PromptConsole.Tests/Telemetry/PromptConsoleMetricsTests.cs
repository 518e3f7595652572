using System.Text;
using Prometheus;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Tests.Telemetry;

/// <summary>The product's metrics as prometheus-net writes them, over a private registry.</summary>
public sealed class PromptConsoleMetricsTests
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    private static readonly ExecutionTelemetry Plain = new("simulator", "sim-fast", ["sim-fast"], []);

    private static ExecutionRecord Completed(string prompt, ExecutionOutcome outcome = ExecutionOutcome.Success, string model = "sim-fast", double latencyMs = 120,
        int attempts = 1, string? errorType = null, int version = 2, string routeKind = "label", string routeId = "production", string? routeArm = null)
    {
        var record = new ExecutionRecord(Guid.NewGuid(), DateTimeOffset.UnixEpoch, prompt, version, routeKind, routeId, routeArm, null);
        record.Complete(outcome, model, true, errorType, latencyMs, attempts, 30, outcome == ExecutionOutcome.ProviderFailed ? 0 : 12, 0.25m, "in", null, null);
        return record;
    }

    private async Task<string[]> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task An_execution_is_counted_with_its_prompt_version_model_status_and_route_labels()
    {
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: 1000);
        metrics.RecordExecution(Completed("greet"), Plain);
        metrics.RecordExecution(Completed("greet", latencyMs: 3_000), Plain);
        metrics.RecordExecution(Completed("greet", routeKind: "canary", routeId: "c-1"), Plain);

        var lines = await ScrapeAsync();

        Assert.Contains("promptconsole_executions_total{prompt=\"greet\",version=\"2\",model=\"sim-fast\",status=\"success\",route=\"production\",experiment=\"\",arm=\"\"} 2", lines);
        Assert.Contains("promptconsole_executions_total{prompt=\"greet\",version=\"2\",model=\"sim-fast\",status=\"success\",route=\"canary\",experiment=\"\",arm=\"\"} 1", lines);
        Assert.Contains("promptconsole_tokens_total{prompt=\"greet\",version=\"2\",model=\"sim-fast\",type=\"input\"} 90", lines);
        Assert.Contains("promptconsole_tokens_total{prompt=\"greet\",version=\"2\",model=\"sim-fast\",type=\"output\"} 36", lines);
        Assert.Contains("promptconsole_cost_usd_total{prompt=\"greet\",version=\"2\",model=\"sim-fast\"} 0.75", lines);
        Assert.Contains("promptconsole_cache_lookups_total{prompt=\"greet\",level=\"miss\"} 3", lines);

        // Buckets are cumulative: 0.12 s falls in le=0.25, 3 s in le=4. The histogram is by prompt and model only, so the
        // canary execution shares the series with the two through production.
        const string greet = "prompt=\"greet\",model=\"sim-fast\"";
        Assert.Contains($"promptconsole_execution_duration_seconds_bucket{{{greet},le=\"0.1\"}} 0", lines);
        Assert.Contains($"promptconsole_execution_duration_seconds_bucket{{{greet},le=\"0.25\"}} 2", lines);
        Assert.Contains($"promptconsole_execution_duration_seconds_bucket{{{greet},le=\"2\"}} 2", lines);
        Assert.Contains($"promptconsole_execution_duration_seconds_bucket{{{greet},le=\"4\"}} 3", lines);
        Assert.Contains($"promptconsole_execution_duration_seconds_bucket{{{greet},le=\"+Inf\"}} 3", lines);
        Assert.Contains($"promptconsole_execution_duration_seconds_sum{{{greet}}} 3.24", lines);
        Assert.Contains($"promptconsole_execution_duration_seconds_count{{{greet}}} 3", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("promptconsole_execution_duration_seconds", StringComparison.Ordinal)
            && new[] { "route=", "version=", "status=", "experiment=", "arm=" }.Any(label => l.Contains(label, StringComparison.Ordinal)));
        Assert.Contains("# TYPE promptconsole_execution_duration_seconds histogram", lines);
        Assert.Contains("# TYPE promptconsole_executions_total counter", lines);
    }

    [Fact]
    public async Task A_canary_execution_carries_its_arm()
    {
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: 1000);
        metrics.RecordExecution(Completed("rel", version: 3, routeKind: "canary", routeId: "canary-1", routeArm: "candidate"), Plain);
        metrics.RecordExecution(Completed("rel", version: 2, routeKind: "canary", routeId: "canary-1", routeArm: "baseline"), Plain);

        var lines = await ScrapeAsync();

        Assert.Contains("promptconsole_executions_total{prompt=\"rel\",version=\"3\",model=\"sim-fast\",status=\"success\",route=\"canary\",experiment=\"\",arm=\"candidate\"} 1", lines);
        Assert.Contains("promptconsole_executions_total{prompt=\"rel\",version=\"2\",model=\"sim-fast\",status=\"success\",route=\"canary\",experiment=\"\",arm=\"baseline\"} 1", lines);
    }

    [Fact]
    public async Task Failures_retries_fallbacks_checks_and_genai_metrics_carry_their_labels()
    {
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: 1000);
        metrics.RecordExecution(Completed("fail", ExecutionOutcome.ProviderFailed, model: "sim-broken", attempts: 3, errorType: "timeout"),
            new ExecutionTelemetry("broken", "sim-broken", ["sim-broken"], []));
        metrics.RecordExecution(Completed("rescue", attempts: 2), new ExecutionTelemetry("simulator", "sim-broken", ["sim-broken", "sim-fast"], []));
        metrics.RecordExecution(Completed("check", ExecutionOutcome.OutputRejected), new ExecutionTelemetry("simulator", "sim-fast", ["sim-fast"], ["maxLength"]));
        var cached = Completed("cached");
        cached.ServedFromCache(CacheLevel.Exact);
        metrics.RecordExecution(cached, Plain);

        var lines = await ScrapeAsync();

        Assert.Contains("promptconsole_executions_total{prompt=\"fail\",version=\"2\",model=\"sim-broken\",status=\"provider_failed\",route=\"production\",experiment=\"\",arm=\"\"} 1", lines);
        Assert.Contains("promptconsole_retries_total{prompt=\"fail\",model=\"sim-broken\"} 2", lines);
        Assert.Contains("promptconsole_fallbacks_total{prompt=\"rescue\",model=\"sim-broken\"} 1", lines);
        Assert.Contains("promptconsole_output_check_failures_total{prompt=\"check\",version=\"2\",check=\"maxLength\"} 1", lines);
        Assert.Contains("promptconsole_cache_lookups_total{prompt=\"cached\",level=\"exact\"} 1", lines);
        Assert.Contains("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"broken\",gen_ai_request_model=\"sim-broken\",gen_ai_response_model=\"sim-broken\",error_type=\"timeout\"} 1", lines);
        Assert.Contains("gen_ai_client_operation_duration_seconds_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"simulator\",gen_ai_request_model=\"sim-broken\",gen_ai_response_model=\"sim-fast\",error_type=\"\"} 1", lines);
        Assert.Contains("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"simulator\",gen_ai_request_model=\"sim-broken\",gen_ai_response_model=\"sim-fast\",gen_ai_token_type=\"output\"} 12", lines);
        // A failed call used no tokens worth a token-usage sample; a cache hit made no GenAI call at all.
        Assert.DoesNotContain(lines, l => l.StartsWith("gen_ai_client_token_usage_count{", StringComparison.Ordinal) && l.Contains("sim-broken\",gen_ai_response_model=\"sim-broken\"", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.StartsWith("gen_ai_client_operation_duration_seconds_count{", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Template_renders_are_one_histogram_and_feedback_and_automated_scores_are_histograms_by_prompt_and_version()
    {
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: 1000);
        metrics.RecordTemplateRender(TimeSpan.FromMicroseconds(40));
        metrics.RecordQuality("greet", 3, 4);
        metrics.RecordQuality("greet", 3, 2);
        metrics.RecordEvaluation("greet", 3, new AutomatedScore(0.85, "judge"));

        var lines = await ScrapeAsync();

        Assert.Contains("promptconsole_template_render_duration_seconds_bucket{le=\"5E-05\"} 1", lines.Select(l => l.Replace("5e-05", "5E-05", StringComparison.Ordinal)));
        Assert.Contains("promptconsole_template_render_duration_seconds_count 1", lines);
        Assert.Contains("promptconsole_quality_score_sum{prompt=\"greet\",version=\"3\"} 6", lines);
        Assert.Contains("promptconsole_quality_score_count{prompt=\"greet\",version=\"3\"} 2", lines);
        Assert.Contains("promptconsole_quality_score_bucket{prompt=\"greet\",version=\"3\",le=\"2\"} 1", lines);
        Assert.Contains("promptconsole_evaluation_score_bucket{prompt=\"greet\",version=\"3\",evaluator=\"judge\",le=\"0.9\"} 1", lines);
        Assert.Contains("promptconsole_evaluation_score_bucket{prompt=\"greet\",version=\"3\",evaluator=\"judge\",le=\"0.8\"} 0", lines);
    }

    [Fact]
    public async Task Every_family_keeps_its_help_text()
    {
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: 1000);
        metrics.RecordExecution(Completed("greet", attempts: 3), new ExecutionTelemetry("simulator", "sim-broken", ["sim-broken", "sim-fast"], ["json"]));
        metrics.RecordTemplateRender(TimeSpan.FromMilliseconds(1));
        metrics.RecordQuality("greet", 2, 5);
        metrics.RecordEvaluation("greet", 2, new AutomatedScore(0.5, "judge"));

        var help = (await ScrapeAsync()).Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).ToArray();

        Assert.Equal(
            [
                "# HELP gen_ai_client_operation_duration_seconds GenAI operation duration.",
                "# HELP gen_ai_client_token_usage Number of input and output tokens used.",
                "# HELP promptconsole_cache_embedding_duration_seconds Time to embed a request's semantic variables for the semantic cache.",
                "# HELP promptconsole_cache_evictions_total Entries the semantic cache dropped before a purge, by reason: ttl, max_entries (per prompt) or bytes (the process's budget).",
                "# HELP promptconsole_cache_lookups_total Response cache lookups by level (miss, exact, semantic).",
                "# HELP promptconsole_cache_results_total Exact response cache results of prompts with the cache on: hit-l1, hit-l2, coalesced, miss, bypass.",
                "# HELP promptconsole_cache_saved_tokens_total Tokens cache hits and coalesced requests did not buy again.",
                "# HELP promptconsole_cache_saved_usd_total US dollars cache hits and coalesced requests did not pay again, at the price the answer was bought.",
                "# HELP promptconsole_cache_semantic_lookups_total Semantic cache lookups of prompts with it on (and of raw conversations, prompt=_chat), by result: serve (a hit, served), verify (a served hit's sample checked against the provider), shadow (a would-be hit in shadow mode), miss, skipped (a raw conversation that is not a subject: its last message is not the user's or is too long to compare).",
                "# HELP promptconsole_cache_semantic_shadow_results_total Would-be semantic hits compared with the provider's own answer (shadow mode and verification samples), by outcome: agreed or disagreed.",
                "# HELP promptconsole_cost_usd_total Cost of executions in US dollars at catalog prices.",
                "# HELP promptconsole_evaluation_score Automated grades (0-1) given to executions, by evaluator.",
                "# HELP promptconsole_execution_duration_seconds Time from request to recorded result of an execution (every status), by prompt and model.",
                "# HELP promptconsole_executions_total Prompt executions, by prompt, version, model, status, route, experiment and arm.",
                "# HELP promptconsole_experiment_not_enrolled_total Requests an experiment targeted but did not enrol (reason: no_subject, outside_coverage, unknown_version); they got the label's version.",
                "# HELP promptconsole_fallbacks_total Moves to the next model of the fallback chain.",
                "# HELP promptconsole_metrics_dropped_series_total Label sets folded into the overflow series because the metric reached PromptConsole:Metrics:MaxSeriesPerMetric.",
                "# HELP promptconsole_output_check_failures_total Output checks that rejected a model's answer, by check.",
                "# HELP promptconsole_quality_score Feedback scores (1-5) given to executions.",
                "# HELP promptconsole_retries_total Provider calls repeated after a failed attempt of the same model.",
                "# HELP promptconsole_template_render_duration_seconds Time to bind variables and render a version's templates (all prompts).",
                "# HELP promptconsole_tenant_cost_usd_total Cost of executions by tenant in US dollars at catalog prices.",
                "# HELP promptconsole_tenant_executions_total Prompt executions by tenant.",
                "# HELP promptconsole_tenant_tokens_total Tokens by tenant, sent (type=input) and received (type=output).",
                "# HELP promptconsole_tokens_total Tokens sent (type=input) and received (type=output).",
            ],
            help.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Label_sets_past_the_limit_fold_into_one_overflow_series_and_are_counted_once_each()
    {
        const int limit = 5;
        const int extra = 3;
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: limit);
        for (var i = 0; i < limit + extra; i++)
        {
            metrics.RecordExecution(Completed($"p{i}"), Plain);
            metrics.RecordExecution(Completed($"p{i}"), Plain); // the same label set again
        }

        var lines = await ScrapeAsync();

        var series = lines.Where(l => l.StartsWith("promptconsole_executions_total{", StringComparison.Ordinal)).ToArray();
        Assert.Equal(limit + 1, series.Length);
        for (var i = 0; i < limit; i++)
            Assert.Contains($"promptconsole_executions_total{{prompt=\"p{i}\",version=\"2\",model=\"sim-fast\",status=\"success\",route=\"production\",experiment=\"\",arm=\"\"}} 2", series);
        Assert.Contains($"promptconsole_executions_total{{prompt=\"overflow\",version=\"overflow\",model=\"overflow\",status=\"overflow\",route=\"overflow\",experiment=\"overflow\",arm=\"overflow\"}} {extra * 2}", series);
        Assert.Contains($"promptconsole_execution_duration_seconds_count{{prompt=\"overflow\",model=\"overflow\"}} {extra * 2}", lines);
        Assert.Contains($"promptconsole_metrics_dropped_series_total{{metric=\"promptconsole_executions_total\"}} {extra}", lines);
        Assert.Contains($"promptconsole_metrics_dropped_series_total{{metric=\"promptconsole_execution_duration_seconds\"}} {extra}", lines);
        Assert.Contains($"promptconsole_metrics_dropped_series_total{{metric=\"promptconsole_cache_lookups_total\"}} {extra}", lines);
        Assert.Contains("# TYPE promptconsole_metrics_dropped_series_total counter", lines);
    }

    [Fact]
    public async Task Nothing_dropped_writes_no_dropped_series_sample()
    {
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: 2);
        metrics.RecordExecution(Completed("one"), Plain);

        Assert.DoesNotContain(await ScrapeAsync(), l => l.StartsWith(PromptConsoleMetrics.DroppedSeriesName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_recordings_are_all_counted()
    {
        var metrics = new PromptConsoleMetrics(_registry, maxSeriesPerMetric: 1000);
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 5_000; i++)
                metrics.RecordExecution(Completed($"w{worker % 2}"), Plain);
        });

        var lines = await ScrapeAsync();

        Assert.Contains("promptconsole_executions_total{prompt=\"w0\",version=\"2\",model=\"sim-fast\",status=\"success\",route=\"production\",experiment=\"\",arm=\"\"} 20000", lines);
        Assert.Contains("promptconsole_executions_total{prompt=\"w1\",version=\"2\",model=\"sim-fast\",status=\"success\",route=\"production\",experiment=\"\",arm=\"\"} 20000", lines);
        Assert.Contains("promptconsole_execution_duration_seconds_bucket{prompt=\"w1\",model=\"sim-fast\",le=\"+Inf\"} 20000", lines);
    }
}
