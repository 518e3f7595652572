using System.Diagnostics;
using System.Diagnostics.Metrics;
using PromptConsole.Domain.Execution;

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
/// The application's instruments (meter <see cref="MeterName"/>): per-execution counters and
/// histograms tagged prompt, version, model, status and route, the template render duration, plus
/// the OpenTelemetry GenAI client metrics (<c>gen_ai.client.operation.duration</c>, <c>gen_ai.client.token.usage</c>).
/// </summary>
public sealed class PromptConsoleMetrics
{
    public const string MeterName = "PromptConsole";

    /// <summary>LLM calls range from a cache-fast few milliseconds to a minute-long generation.</summary>
    public static readonly IReadOnlyList<double> DurationBucketsSeconds =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

    /// <summary>The GenAI semantic conventions' advised boundaries.</summary>
    public static readonly IReadOnlyList<double> GenAiDurationBucketsSeconds =
        [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    /// <summary>Compiled Handlebars templates render in microseconds; tens of milliseconds means a runaway template.</summary>
    public static readonly IReadOnlyList<double> RenderDurationBucketsSeconds =
        [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

    public static readonly IReadOnlyList<long> GenAiTokenBuckets =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private readonly Counter<long> _executions;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _cacheLookups;
    private readonly Histogram<double> _quality;
    private readonly Histogram<double> _evaluationScore;
    private readonly Counter<long> _checkFailures;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;
    private readonly Histogram<double> _genAiDuration;
    private readonly Histogram<long> _genAiTokens;
    private readonly Histogram<double> _renderDuration;

    public PromptConsoleMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _executions = meter.CreateCounter<long>("promptconsole.executions", "{execution}", "Prompt executions, by prompt, version, model, status and route.");
        _duration = meter.CreateHistogram("promptconsole.execution.duration", "s", "Time from request to recorded result of an execution.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBucketsSeconds });
        _tokens = meter.CreateCounter<long>("promptconsole.tokens", "{token}", "Tokens sent (type=input) and received (type=output).");
        _cost = meter.CreateCounter<double>("promptconsole.cost", "USD", "Cost of executions in US dollars at catalog prices.");
        _cacheLookups = meter.CreateCounter<long>("promptconsole.cache.lookups", "{lookup}", "Response cache lookups by level (miss, exact, semantic).");
        _quality = meter.CreateHistogram("promptconsole.quality.score", "{score}", "Feedback scores (1-5) given to executions.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 3, 4, 5] });
        _evaluationScore = meter.CreateHistogram("promptconsole.evaluation.score", "{score}", "Automated grades (0-1) given to executions, by evaluator.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] });
        _checkFailures = meter.CreateCounter<long>("promptconsole.output_check.failures", "{failure}", "Output checks that rejected a model's answer, by check.");
        _retries = meter.CreateCounter<long>("promptconsole.retries", "{retry}", "Provider calls repeated after a failed attempt of the same model.");
        _fallbacks = meter.CreateCounter<long>("promptconsole.fallbacks", "{fallback}", "Moves to the next model of the fallback chain.");
        _genAiDuration = meter.CreateHistogram("gen_ai.client.operation.duration", "s", "GenAI operation duration.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = GenAiDurationBucketsSeconds });
        _genAiTokens = meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = GenAiTokenBuckets });
        _renderDuration = meter.CreateHistogram("promptconsole.template.render.duration", "s", "Time to bind variables and render a version's templates.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RenderDurationBucketsSeconds });
    }

    /// <summary>Records one completed execution on every instrument it concerns.</summary>
    public void RecordExecution(ExecutionRecord record, ExecutionTelemetry telemetry)
    {
        var status = StatusName(record.Outcome);
        var version = record.PromptVersion;
        var route = record.RouteKind == "label" ? record.RouteId : record.RouteKind;
        var execution = new TagList
        {
            { "prompt", record.PromptKey },
            { "version", version },
            { "model", record.Model },
            { "status", status },
            { "route", route },
        };
        _executions.Add(1, execution);
        _duration.Record(record.LatencyMs / 1000d, execution);
        _cacheLookups.Add(1, new TagList { { "prompt", record.PromptKey }, { "level", CacheLevelName(record.Cache) } });

        if (record.InputTokens > 0)
            _tokens.Add(record.InputTokens, new TagList { { "prompt", record.PromptKey }, { "version", version }, { "model", record.Model }, { "type", "input" } });
        if (record.OutputTokens > 0)
            _tokens.Add(record.OutputTokens, new TagList { { "prompt", record.PromptKey }, { "version", version }, { "model", record.Model }, { "type", "output" } });
        if (record.CostUsd > 0)
            _cost.Add((double)record.CostUsd, new TagList { { "prompt", record.PromptKey }, { "version", version }, { "model", record.Model } });

        foreach (var check in telemetry.FailedChecks)
            _checkFailures.Add(1, new TagList { { "prompt", record.PromptKey }, { "version", version }, { "check", check } });

        var fallbacks = Math.Max(0, telemetry.ModelsTried.Count - 1);
        var retries = Math.Max(0, record.Attempts - Math.Max(1, telemetry.ModelsTried.Count));
        if (retries > 0)
            _retries.Add(retries, new TagList { { "prompt", record.PromptKey }, { "model", telemetry.RequestedModel } });
        if (fallbacks > 0)
            _fallbacks.Add(fallbacks, new TagList { { "prompt", record.PromptKey }, { "model", telemetry.RequestedModel } });

        // A cache hit made no model call, so it is not a GenAI client operation.
        if (record.Cache != CacheLevel.Miss)
            return;
        var genAi = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.provider.name", telemetry.Provider ?? "unknown" },
            { "gen_ai.request.model", telemetry.RequestedModel },
            { "gen_ai.response.model", record.Model },
        };
        if (record.Outcome == ExecutionOutcome.ProviderFailed)
            genAi.Add("error.type", record.ErrorType ?? "provider_error");
        _genAiDuration.Record(record.LatencyMs / 1000d, genAi);
        if (record.Outcome == ExecutionOutcome.ProviderFailed)
            return;

        genAi.Add("gen_ai.token.type", "input");
        _genAiTokens.Record(record.InputTokens, genAi);
        genAi[genAi.Count - 1] = new KeyValuePair<string, object?>("gen_ai.token.type", "output");
        _genAiTokens.Record(record.OutputTokens, genAi);
    }

    /// <summary>Records one render of a prompt's templates, successful or not.</summary>
    public void RecordTemplateRender(string promptKey, TimeSpan duration) =>
        _renderDuration.Record(duration.TotalSeconds, new TagList { { "prompt", promptKey } });

    /// <summary>Records a feedback score (1–5) against the prompt version it judged.</summary>
    public void RecordQuality(string promptKey, int version, int score) =>
        _quality.Record(score, new TagList { { "prompt", promptKey }, { "version", version } });

    /// <summary>Records an automated grade (0..1) against the prompt version it judged.</summary>
    public void RecordEvaluation(string promptKey, int version, AutomatedScore score) =>
        _evaluationScore.Record(score.Value, new TagList { { "prompt", promptKey }, { "version", version }, { "evaluator", score.Evaluator } });

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
        _ => level.ToString().ToLowerInvariant(),
    };
}
