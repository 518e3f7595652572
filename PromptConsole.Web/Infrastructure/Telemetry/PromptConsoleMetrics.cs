using System.Globalization;
using Prometheus;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Routing;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>What a completed record does not say about an execution but its metrics need.</summary>
/// <param name="Provider">The provider that served <see cref="ExecutionRecord.Model"/> (catalog name), when known.</param>
/// <param name="RequestedModel">The first model of the chain, before any fallback.</param>
/// <param name="ModelsTried">Each model tried once, in order; more than one means fallbacks happened.</param>
/// <param name="FailedChecks">Names of the output checks that failed.</param>
public sealed record ExecutionTelemetry(
    string? Provider,
    string RequestedModel,
    IReadOnlyList<string> ModelsTried,
    IReadOnlyList<string> FailedChecks);

/// <summary>
/// The application's Prometheus metrics, in the app's own <see cref="CollectorRegistry"/>: per-execution
/// counters labelled prompt, version, model, status and route, the execution duration by prompt and model,
/// the template render duration (one series), feedback and automated scores, plus the OpenTelemetry GenAI client metrics
/// (<c>gen_ai_client_operation_duration_seconds</c>, <c>gen_ai_client_token_usage</c>). Each label set's
/// children are cached and capped by <see cref="CappedSeries{TKey,TSeries}"/>.
/// </summary>
public sealed class PromptConsoleMetrics
{
    public const string DroppedSeriesName = "promptconsole_metrics_dropped_series_total";

    // Names other parts read too (the SLOs' Prometheus rules).
    public const string ExecutionsName = "promptconsole_executions_total";
    public const string ExecutionDurationName = "promptconsole_execution_duration_seconds";
    public const string QualityScoreName = "promptconsole_quality_score";
    public const string EvaluationScoreName = "promptconsole_evaluation_score";
    public const string TenantExecutionsName = "promptconsole_tenant_executions_total";
    public const string TenantCostName = "promptconsole_tenant_cost_usd_total";
    public const string TenantTokensName = "promptconsole_tenant_tokens_total";

    /// <summary>Feedback scores are whole numbers 1–5: one bucket each.</summary>
    public static readonly double[] QualityScoreBuckets = [1, 2, 3, 4, 5];

    public static readonly double[] EvaluationScoreBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

    /// <summary>Every label value of the series that label sets past the cap are folded into.</summary>
    public const string OverflowLabelValue = "overflow";

    /// <summary>The tenant label of executions whose request named no tenant.</summary>
    public const string NoTenantLabelValue = "(none)";

    /// <summary>LLM calls range from a cache-fast few milliseconds to a minute-long generation.</summary>
    public static readonly double[] DurationBucketsSeconds =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

    /// <summary>The GenAI semantic conventions' advised boundaries.</summary>
    public static readonly double[] GenAiDurationBucketsSeconds =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>Compiled Handlebars templates render in microseconds; tens of milliseconds means a runaway template.</summary>
    public static readonly double[] RenderDurationBucketsSeconds =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    public static readonly double[] GenAiTokenBuckets =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private const string ChatOperation = "chat";

    private readonly int _maxSeries;
    private readonly Counter _dropped;
    private readonly CappedSeries<(string Prompt, int Version, string Model, string Status, string Route, string Experiment, string Arm), ExecutionSeries> _executions;
    private readonly CappedSeries<(string Prompt, string Experiment, string Reason), Counter.Child> _notEnrolled;
    private readonly CappedSeries<(string Prompt, string Level), Counter.Child> _cacheLookups;
    private readonly CappedSeries<(string Prompt, string Result), Counter.Child> _cacheResults;
    private readonly CappedSeries<string, CacheSavingSeries> _cacheSavings;
    private readonly CappedSeries<(string Prompt, int Version, string Model, string Type), Counter.Child> _tokens;
    private readonly CappedSeries<(string Prompt, int Version, string Model), Counter.Child> _cost;
    private readonly CappedSeries<(string Prompt, int Version, string Check), Counter.Child> _checkFailures;
    private readonly CappedSeries<(string Prompt, string Model), Counter.Child> _retries;
    private readonly CappedSeries<(string Prompt, string Model), Counter.Child> _fallbacks;
    private readonly CappedSeries<(string Provider, string RequestModel, string ResponseModel, string ErrorType), Histogram.Child> _genAiDuration;
    private readonly CappedSeries<(string Provider, string RequestModel, string ResponseModel), GenAiTokenSeries> _genAiTokens;
    private readonly Histogram _renderDuration;
    private readonly CappedSeries<(string Prompt, int Version), Histogram.Child> _quality;
    private readonly CappedSeries<(string Prompt, int Version, string Evaluator), Histogram.Child> _evaluationScore;
    private readonly CappedSeries<string, TenantSeries> _tenants;

    public PromptConsoleMetrics(CollectorRegistry registry, Microsoft.Extensions.Options.IOptions<MetricsOptions> options)
        : this(registry, options.Value.MaxSeriesPerMetric)
    {
    }

    public PromptConsoleMetrics(CollectorRegistry registry, int maxSeriesPerMetric)
    {
        _maxSeries = maxSeriesPerMetric;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        // Exemplars only travel in the OpenMetrics format and need a Prometheus started with
        // exemplar storage; reading the trace context on every recording is not worth it until then.
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();

        _dropped = factory.CreateCounter(DroppedSeriesName,
            "Label sets folded into the overflow series because the metric reached PromptConsole:Metrics:MaxSeriesPerMetric.", ["metric"]);

        // experiment is empty unless an experiment routed the execution, arm unless an experiment or a canary did (Prometheus reads an empty label as absent).
        string[] executionLabels = ["prompt", "version", "model", "status", "route", "experiment", "arm"];
        var executions = factory.CreateCounter(ExecutionsName, "Prompt executions, by prompt, version, model, status, route, experiment and arm.", executionLabels);
        // The histogram is by prompt and model only: every dashboard panel, alert and SLO rule reads latency by prompt
        // and model, and its series are 17 lines each on every scrape, so each further label multiplies the body's
        // largest family. Route, experiment and arm stay on the counter; latency by version, status, route or arm is
        // in the console's own metrics and the execution records (which experiment and canary analyses read).
        var duration = factory.CreateHistogram(ExecutionDurationName, "Time from request to recorded result of an execution (every status), by prompt and model.",
            ["prompt", "model"],
            new HistogramConfiguration { Buckets = DurationBucketsSeconds });
        Capped(out _executions, k => new ExecutionSeries(
                executions.WithLabels(k.Prompt, Text(k.Version), k.Model, k.Status, k.Route, k.Experiment, k.Arm),
                duration.WithLabels(k.Prompt, k.Model)),
            () => new ExecutionSeries(executions.WithLabels(Overflow(7)), duration.WithLabels(Overflow(2))),
            executions, duration);

        var notEnrolled = factory.CreateCounter("promptconsole_experiment_not_enrolled_total",
            "Requests an experiment targeted but did not enrol (reason: no_subject, outside_coverage, unknown_version); they got the label's version.",
            ["prompt", "experiment", "reason"]);
        Capped(out _notEnrolled, k => notEnrolled.WithLabels(k.Prompt, k.Experiment, k.Reason), () => notEnrolled.WithLabels(Overflow(3)), notEnrolled);

        var cacheLookups = factory.CreateCounter("promptconsole_cache_lookups_total", "Response cache lookups by level (miss, exact, semantic).", ["prompt", "level"]);
        Capped(out _cacheLookups, k => cacheLookups.WithLabels(k.Prompt, k.Level), () => cacheLookups.WithLabels(Overflow(2)), cacheLookups);

        var cacheResults = factory.CreateCounter("promptconsole_cache_results_total",
            "Exact response cache results of prompts with the cache on: hit-l1, hit-l2, coalesced, miss, bypass.", ["prompt", "result"]);
        Capped(out _cacheResults, k => cacheResults.WithLabels(k.Prompt, k.Result), () => cacheResults.WithLabels(Overflow(2)), cacheResults);
        var savedTokens = factory.CreateCounter("promptconsole_cache_saved_tokens_total", "Tokens cache hits and coalesced requests did not buy again.", ["prompt"]);
        var savedUsd = factory.CreateCounter("promptconsole_cache_saved_usd_total", "US dollars cache hits and coalesced requests did not pay again, at the price the answer was bought.", ["prompt"]);
        Capped(out _cacheSavings, k => new CacheSavingSeries(savedTokens.WithLabels(k), savedUsd.WithLabels(k)),
            () => new CacheSavingSeries(savedTokens.WithLabels(Overflow(1)), savedUsd.WithLabels(Overflow(1))), savedTokens, savedUsd);

        var tokens = factory.CreateCounter("promptconsole_tokens_total", "Tokens sent (type=input) and received (type=output).", ["prompt", "version", "model", "type"]);
        Capped(out _tokens, k => tokens.WithLabels(k.Prompt, Text(k.Version), k.Model, k.Type), () => tokens.WithLabels(Overflow(4)), tokens);

        var cost = factory.CreateCounter("promptconsole_cost_usd_total", "Cost of executions in US dollars at catalog prices.", ["prompt", "version", "model"]);
        Capped(out _cost, k => cost.WithLabels(k.Prompt, Text(k.Version), k.Model), () => cost.WithLabels(Overflow(3)), cost);

        var checkFailures = factory.CreateCounter("promptconsole_output_check_failures_total", "Output checks that rejected a model's answer, by check.", ["prompt", "version", "check"]);
        Capped(out _checkFailures, k => checkFailures.WithLabels(k.Prompt, Text(k.Version), k.Check), () => checkFailures.WithLabels(Overflow(3)), checkFailures);

        var retries = factory.CreateCounter("promptconsole_retries_total", "Provider calls repeated after a failed attempt of the same model.", ["prompt", "model"]);
        Capped(out _retries, k => retries.WithLabels(k.Prompt, k.Model), () => retries.WithLabels(Overflow(2)), retries);

        var fallbacks = factory.CreateCounter("promptconsole_fallbacks_total", "Moves to the next model of the fallback chain.", ["prompt", "model"]);
        Capped(out _fallbacks, k => fallbacks.WithLabels(k.Prompt, k.Model), () => fallbacks.WithLabels(Overflow(2)), fallbacks);

        // error_type is empty on success: Prometheus treats an empty label as an absent one, as the conventions intend.
        var genAiDuration = factory.CreateHistogram("gen_ai_client_operation_duration_seconds", "GenAI operation duration.",
            ["gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_response_model", "error_type"],
            new HistogramConfiguration { Buckets = GenAiDurationBucketsSeconds });
        Capped(out _genAiDuration, k => genAiDuration.WithLabels(ChatOperation, k.Provider, k.RequestModel, k.ResponseModel, k.ErrorType),
            () => genAiDuration.WithLabels(Overflow(5)),
            genAiDuration);

        var genAiTokens = factory.CreateHistogram("gen_ai_client_token_usage", "Number of input and output tokens used.",
            ["gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_response_model", "gen_ai_token_type"],
            new HistogramConfiguration { Buckets = GenAiTokenBuckets });
        Capped(out _genAiTokens, k => new GenAiTokenSeries(
                genAiTokens.WithLabels(ChatOperation, k.Provider, k.RequestModel, k.ResponseModel, "input"),
                genAiTokens.WithLabels(ChatOperation, k.Provider, k.RequestModel, k.ResponseModel, "output")),
            () => new GenAiTokenSeries(genAiTokens.WithLabels(Overflow(5)), genAiTokens.WithLabels(Overflow(5))),
            genAiTokens);

        // One series for all prompts: a per-prompt histogram was 16 lines per prompt on every scrape (a quarter of the
        // body with 250 prompts) for a panel that reads p50/p99. A slow prompt's render times are in its execution
        // records' stage timings and in the render span of its traces.
        _renderDuration = factory.CreateHistogram("promptconsole_template_render_duration_seconds", "Time to bind variables and render a version's templates (all prompts).",
            new HistogramConfiguration { Buckets = RenderDurationBucketsSeconds });

        var quality = factory.CreateHistogram(QualityScoreName, "Feedback scores (1-5) given to executions.", ["prompt", "version"],
            new HistogramConfiguration { Buckets = QualityScoreBuckets });
        Capped(out _quality, k => quality.WithLabels(k.Prompt, Text(k.Version)), () => quality.WithLabels(Overflow(2)), quality);

        var evaluationScore = factory.CreateHistogram(EvaluationScoreName, "Automated grades (0-1) given to executions, by evaluator.", ["prompt", "version", "evaluator"],
            new HistogramConfiguration { Buckets = EvaluationScoreBuckets });
        Capped(out _evaluationScore, k => evaluationScore.WithLabels(k.Prompt, Text(k.Version), k.Evaluator), () => evaluationScore.WithLabels(Overflow(3)), evaluationScore);

        // By tenant, apart from the per-prompt series: tenants times prompts would multiply the label sets.
        // Requests without a tenant count under "(none)"; past the cap, tenants go to "overflow" like every other label set.
        var tenantExecutions = factory.CreateCounter(TenantExecutionsName, "Prompt executions by tenant.", ["tenant"]);
        var tenantCost = factory.CreateCounter(TenantCostName, "Cost of executions by tenant in US dollars at catalog prices.", ["tenant"]);
        var tenantTokens = factory.CreateCounter(TenantTokensName, "Tokens by tenant, sent (type=input) and received (type=output).", ["tenant", "type"]);
        Capped(out _tenants, k => new TenantSeries(
                tenantExecutions.WithLabels(k), tenantCost.WithLabels(k), tenantTokens.WithLabels(k, "input"), tenantTokens.WithLabels(k, "output")),
            () => new TenantSeries(
                tenantExecutions.WithLabels(OverflowLabelValue), tenantCost.WithLabels(OverflowLabelValue),
                tenantTokens.WithLabels(OverflowLabelValue, OverflowLabelValue), tenantTokens.WithLabels(OverflowLabelValue, OverflowLabelValue)),
            tenantExecutions, tenantCost, tenantTokens);

        // The semantic cache (template-aware): lookups by result, shadow comparisons, evictions and embedding time.
        var semanticLookups = factory.CreateCounter("promptconsole_cache_semantic_lookups_total",
            "Semantic cache lookups of prompts with it on (and of raw conversations, prompt=_chat), by result: serve (a hit, served), verify (a served hit's sample checked against the provider), shadow (a would-be hit in shadow mode), miss, skipped (a raw conversation that is not a subject: its last message is not the user's or is too long to compare).", ["prompt", "result"]);
        Capped(out _semanticLookups, k => semanticLookups.WithLabels(k.Prompt, k.Result), () => semanticLookups.WithLabels(Overflow(2)), semanticLookups);
        var semanticShadow = factory.CreateCounter("promptconsole_cache_semantic_shadow_results_total",
            "Would-be semantic hits compared with the provider's own answer (shadow mode and verification samples), by outcome: agreed or disagreed.", ["prompt", "outcome"]);
        Capped(out _semanticShadow, k => semanticShadow.WithLabels(k.Prompt, k.Outcome), () => semanticShadow.WithLabels(Overflow(2)), semanticShadow);
        var evictions = factory.CreateCounter("promptconsole_cache_evictions_total",
            "Entries the semantic cache dropped before a purge, by reason: ttl, max_entries (per prompt) or bytes (the process's budget).", ["prompt", "level", "reason"]);
        Capped(out _cacheEvictions, k => evictions.WithLabels(k.Prompt, "semantic", k.Reason), () => evictions.WithLabels(Overflow(3)), evictions);
        _embeddingDuration = factory.CreateHistogram("promptconsole_cache_embedding_duration_seconds",
            "Time to embed a request's semantic variables for the semantic cache.", new HistogramConfiguration { Buckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
    }

    private readonly CappedSeries<(string Prompt, string Result), Counter.Child> _semanticLookups;
    private readonly CappedSeries<(string Prompt, string Outcome), Counter.Child> _semanticShadow;
    private readonly CappedSeries<(string Prompt, string Reason), Counter.Child> _cacheEvictions;
    private readonly Histogram _embeddingDuration;

    /// <summary>Counts one semantic-cache lookup: serve, verify, shadow, miss or skipped.</summary>
    public void RecordSemanticLookup(string promptKey, string result) => _semanticLookups.Get((promptKey, result)).Inc();

    /// <summary>Counts one comparison of a would-be semantic hit with the provider's answer.</summary>
    public void RecordSemanticShadow(string promptKey, bool agreed) => _semanticShadow.Get((promptKey, agreed ? "agreed" : "disagreed")).Inc();

    /// <summary>Counts one semantic-cache eviction (ttl, max_entries, bytes).</summary>
    public void RecordSemanticEviction(string promptKey, string reason) => _cacheEvictions.Get((promptKey, reason)).Inc();

    public void RecordEmbedding(TimeSpan elapsed) => _embeddingDuration.Observe(elapsed.TotalSeconds);

    /// <summary>Records one completed execution on every metric it concerns.</summary>
    public void RecordExecution(ExecutionRecord record, ExecutionTelemetry telemetry)
    {
        var prompt = record.PromptKey;
        var version = record.PromptVersion;
        var route = record.RouteKind == "label" ? record.RouteId : record.RouteKind;
        var experiment = record.RouteKind == "experiment" ? record.RouteId : "";
        // A canary's arm (candidate or baseline) is labelled too; a prompt has one live canary, so the route "canary" and the arm identify it.
        var arm = experiment.Length > 0 || record.RouteKind == "canary" ? record.RouteArm ?? "" : "";
        var execution = _executions.Get((prompt, version, record.Model, StatusName(record.Outcome), route, experiment, arm));
        execution.Count.Inc();
        execution.Duration.Observe(record.LatencyMs / 1000d);
        var tenant = _tenants.Get(record.Tenant ?? NoTenantLabelValue);
        tenant.Executions.Inc();
        if (record.CostUsd > 0)
            tenant.CostUsd.Inc((double)record.CostUsd);
        if (record.InputTokens > 0)
            tenant.InputTokens.Inc(record.InputTokens);
        if (record.OutputTokens > 0)
            tenant.OutputTokens.Inc(record.OutputTokens);
        _cacheLookups.Get((prompt, CacheLevelName(record.Cache))).Inc();

        if (record.InputTokens > 0)
            _tokens.Get((prompt, version, record.Model, "input")).Inc(record.InputTokens);
        if (record.OutputTokens > 0)
            _tokens.Get((prompt, version, record.Model, "output")).Inc(record.OutputTokens);
        if (record.CostUsd > 0)
            _cost.Get((prompt, version, record.Model)).Inc((double)record.CostUsd);

        foreach (var check in telemetry.FailedChecks)
            _checkFailures.Get((prompt, version, check)).Inc();

        var fallbacks = Math.Max(0, telemetry.ModelsTried.Count - 1);
        var retries = Math.Max(0, record.Attempts - Math.Max(1, telemetry.ModelsTried.Count));
        if (retries > 0)
            _retries.Get((prompt, telemetry.RequestedModel)).Inc(retries);
        if (fallbacks > 0)
            _fallbacks.Get((prompt, telemetry.RequestedModel)).Inc(fallbacks);

        // A cache hit made no model call, so it is not a GenAI client operation.
        if (record.Cache != CacheLevel.Miss)
            return;
        var provider = telemetry.Provider ?? "unknown";
        var failed = record.Outcome == ExecutionOutcome.ProviderFailed;
        var errorType = failed ? record.ErrorType ?? "provider_error" : "";
        _genAiDuration.Get((provider, telemetry.RequestedModel, record.Model, errorType)).Observe(record.LatencyMs / 1000d);
        if (failed)
            return;

        var tokens = _genAiTokens.Get((provider, telemetry.RequestedModel, record.Model));
        tokens.Input.Observe(record.InputTokens);
        tokens.Output.Observe(record.OutputTokens);
    }

    /// <summary>Counts one exact-cache result of a prompt with the cache on, and what a hit saved.</summary>
    public void RecordCacheResult(string promptKey, string result, int savedTokens, decimal savedCostUsd)
    {
        _cacheResults.Get((promptKey, result)).Inc();
        if (savedTokens <= 0 && savedCostUsd <= 0)
            return;
        var savings = _cacheSavings.Get(promptKey);
        savings.Tokens.Inc(savedTokens);
        savings.Usd.Inc((double)savedCostUsd);
    }

    /// <summary>Counts a request an experiment targeted but did not enrol.</summary>
    public void RecordNotEnrolled(string promptKey, NotEnrolled notEnrolled) =>
        _notEnrolled.Get((promptKey, notEnrolled.ExperimentKey, NotEnrolledReasonName(notEnrolled.Reason))).Inc();

    public static string NotEnrolledReasonName(NotEnrolledReason reason) => reason switch
    {
        NotEnrolledReason.NoSubject => "no_subject",
        NotEnrolledReason.OutsideCoverage => "outside_coverage",
        NotEnrolledReason.UnknownVersion => "unknown_version",
        _ => reason.ToString().ToLowerInvariant(),
    };

    /// <summary>Records one render of a prompt's templates, successful or not.</summary>
    public void RecordTemplateRender(TimeSpan duration) => _renderDuration.Observe(duration.TotalSeconds);

    /// <summary>Records a feedback score (1–5) against the prompt version it judged.</summary>
    public void RecordQuality(string promptKey, int version, int score) =>
        _quality.Get((promptKey, version)).Observe(score);

    /// <summary>Records an automated grade (0..1) against the prompt version it judged.</summary>
    public void RecordEvaluation(string promptKey, int version, AutomatedScore score) =>
        _evaluationScore.Get((promptKey, version, score.Evaluator)).Observe(score.Value);

    public static string StatusName(ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.Success => "success",
        ExecutionOutcome.OutputRejected => "output_rejected",
        ExecutionOutcome.ProviderFailed => "provider_failed",
        ExecutionOutcome.Cancelled => "cancelled",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static string CacheLevelName(CacheLevel level) => level switch
    {
        CacheLevel.Miss => "miss",
        CacheLevel.Exact => "exact",
        CacheLevel.Semantic => "semantic",
        CacheLevel.Coalesced => "coalesced",
        _ => level.ToString().ToLowerInvariant(),
    };

    private static string Text(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static string[] Overflow(int labels) => Enumerable.Repeat(OverflowLabelValue, labels).ToArray();

    /// <summary>A guard whose dropped label sets are counted against every metric it feeds.</summary>
    private void Capped<TKey, TSeries>(out CappedSeries<TKey, TSeries> series, Func<TKey, TSeries> create, Func<TSeries> createOverflow, params Collector[] metrics)
        where TKey : notnull
        where TSeries : class
    {
        // Children are made at the first drop, so a healthy scrape shows no dropped-series sample.
        series = new CappedSeries<TKey, TSeries>(_maxSeries, create, createOverflow, () =>
        {
            foreach (var metric in metrics)
                _dropped.WithLabels(metric.Name).Inc();
        });
    }

    private sealed record ExecutionSeries(Counter.Child Count, Histogram.Child Duration);

    private sealed record CacheSavingSeries(Counter.Child Tokens, Counter.Child Usd);

    private sealed record TenantSeries(Counter.Child Executions, Counter.Child CostUsd, Counter.Child InputTokens, Counter.Child OutputTokens);

    private sealed record GenAiTokenSeries(Histogram.Child Input, Histogram.Child Output);
}
