using System.Diagnostics;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Infrastructure.Templates;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Services;

/// <summary>
/// Runs the pipeline in stages (route → render → cache → provider → output checks → record), each
/// timed onto the record and traced as a child of one execution span.
/// </summary>
public sealed partial class PromptExecutor(
    IPromptSnapshotStore snapshots,
    ITemplateRenderer renderer,
    IModelInvoker invoker,
    IModelCatalog catalog,
    IExecutionRecorder recorder,
    PromptConsoleMetrics metrics,
    IMetricsStore store,
    PromptConsoleTracing tracing,
    TimeProvider time,
    ILogger<PromptExecutor> logger,
    ExactResponseCache? cache = null,
    ExactCacheStatistics? cacheStatistics = null) : IPromptExecutor
{
    private static readonly Func<ILogger, string, IDisposable?> ExecutionScope = LoggerMessage.DefineScope<string>("PromptKey:{PromptKey}");

    public async Task<Result<ExecutionResult>> ExecuteAsync(ExecuteCommand command, CancellationToken cancellationToken = default)
    {
        // Only API calls join the caller's trace. A console circuit's request activity lives as long
        // as the circuit, so its runs (and generated traffic) start traces of their own. The change
        // stays inside this async method.
        if (command.Origin is not (ExecutionOrigin.Api or ExecutionOrigin.OpenAiCompatible))
            Activity.Current = null;

        using var execution = tracing.StartExecution(command.PromptKey);
        using var scope = ExecutionScope(logger, command.PromptKey);
        execution?.SetTag(SpanAttributeNames.ExecutionOrigin, OriginName(command.Origin));
        try
        {
            return await RunAsync(command, execution, cancellationToken);
        }
        catch (Exception ex)
        {
            PromptConsoleTracing.SetError(execution, cancellationToken.IsCancellationRequested && ex is OperationCanceledException ? "cancelled" : ex.GetType().FullName ?? "exception");
            throw;
        }
    }

    private async Task<Result<ExecutionResult>> RunAsync(ExecuteCommand command, Activity? execution, CancellationToken cancellationToken)
    {
        // The record keeps the tenant as given, so a longer one is refused rather than cut (two tenants must not merge).
        if (command.Tenant is { Length: > ExecutionRecord.MaxTenantLength })
            return Rejected(execution, Error.Validation("invalid-tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters.", [new FieldError("tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters.")]));

        // Shed load rather than wait: while the recorder is at its bound (the database is slow or
        // away) the execution is refused before it costs a model call.
        if (!recorder.TryAdmit())
            return Rejected(execution, RecorderOverload.Error(recorder.Status));

        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();

        // Route: the prompt's current snapshot and the version this request goes to.
        var stageStarted = started;
        var executionId = Guid.CreateVersion7(startedAt);
        PromptSnapshot? prompt;
        Result<RouteDecision> route;
        using (var routeSpan = tracing.StartStage(ExecutionStages.Route))
        {
            prompt = await snapshots.GetAsync(command.PromptKey, cancellationToken);
            if (prompt is null)
                return Rejected(execution, Error.NotFound("prompt-not-found", $"There is no prompt '{command.PromptKey}'."), routeSpan);
            // The execution id is drawn before routing: a canary spreads requests without a subject by it
            // (formatted only when the prompt has a canary and the request no subject, to keep the hot path lean).
            var requestKey = prompt.Canary is not null && command.Subject is null ? executionId.ToString("N") : null;
            route = RouteResolver.Resolve(prompt, new RouteRequest(command.Version, command.Label, command.Subject, command.Tenant, command.Attributes, requestKey));
            if (!route.IsSuccess)
                return Rejected(execution, route.Error!, routeSpan);
            if (route.Value.NotEnrolled is { } notEnrolled)
            {
                metrics.RecordNotEnrolled(prompt.Key, notEnrolled);
                PromptConsoleTracing.TagNotEnrolled(execution, notEnrolled);
            }
        }

        var routeMs = ElapsedMs(stageStarted, out stageStarted);
        var version = prompt.Versions[route.Value.VersionNumber];
        var routeKind = RouteKindNames.NameOf(route.Value.Kind);
        TagRoute(execution, version, routeKind, route.Value);

        // Render: bind the variables and render the templates (timed as a metric too).
        Result<RenderedPrompt> rendering;
        using (var renderSpan = tracing.StartStage(ExecutionStages.Render))
        {
            var bound = VariableBinder.Bind(version.Variables, command.Variables);
            if (!bound.IsSuccess)
                return Rejected(execution, bound.Error!, renderSpan);
            rendering = renderer.Render(version, bound.Value.Values);
            metrics.RecordTemplateRender(prompt.Key, time.GetElapsedTime(stageStarted));
            if (!rendering.IsSuccess)
                return Rejected(execution, rendering.Error!, renderSpan);

            var estimatedInput = TokenEstimator.Estimate(rendering.Value.SystemText) + TokenEstimator.Estimate(rendering.Value.UserText);
            if (ContextBudget.Check(estimatedInput, catalog.Find(version.Model.Model)?.ContextWindow ?? 0, version.Model.Model) is { } tooLarge)
                return Rejected(execution, tooLarge, renderSpan);
        }

        var renderMs = ElapsedMs(stageStarted, out stageStarted);
        var rendered = rendering.Value;
        var inputText = rendered.SystemText is null ? rendered.UserText : rendered.SystemText + "\n\n" + rendered.UserText;
        var record = new ExecutionRecord(
            executionId,
            startedAt,
            prompt.Key,
            version.Number,
            routeKind,
            route.Value.RouteId,
            route.Value.Arm,
            command.Subject,
            command.Origin,
            command.Tenant);
        if (route.Value.NotEnrolled is { } notEnrolledRequest)
            record.MarkNotEnrolled(notEnrolledRequest.ExperimentKey, PromptConsoleMetrics.NotEnrolledReasonName(notEnrolledRequest.Reason));
        execution?.SetTag(SpanAttributeNames.ExecutionId, record.Id.ToString());

        // Cache: the exact cache (when the prompt has it on) answers identical requests of the same version and
        // tenant; a miss shares an identical in-flight request's provider call instead of making its own.
        var cacheSettings = prompt.ExactCache;
        var cacheStatus = ExactCacheStatus.Off;
        string? cacheKey = null;
        CacheHit? hit = null;
        using (var cacheSpan = tracing.StartStage(ExecutionStages.Cache))
        {
            if (cache is not null && cacheSettings.Enabled && command.Origin != ExecutionOrigin.Golden && !command.ReturnRejectedOutput)
            {
                cacheKey = ExactCacheKey.Compute(new ExactCacheKeyInput(prompt.Key, version.Number, rendered.SystemText, rendered.UserText, version.Model, command.Tenant));
                if (command.BypassCache)
                {
                    cacheStatus = ExactCacheStatus.Bypass;
                }
                else
                {
                    hit = await cache.LookupAsync(cacheKey, ExactResponseCache.TagsOf(prompt.Key, version.Number), cancellationToken);
                    cacheStatus = hit?.Status ?? ExactCacheStatus.Miss;
                }
            }

            cacheSpan?.SetTag(SpanAttributeNames.CacheLevel, cacheStatus);
        }

        var cacheMs = ElapsedMs(stageStarted, out stageStarted);
        if (hit is not null)
            return await ServeCachedAsync(prompt, version, route.Value, record, hit.Answer, CacheLevel.Exact, hit.Status, inputText, started, new StageTimings(routeMs, renderMs, cacheMs, null, null), execution);

        ModelCallOutcome outcome;
        var coalescedFailure = false;
        var request = new ModelCallRequest(version.Model, rendered.SystemText, rendered.UserText);
        try
        {
            if (cacheStatus == ExactCacheStatus.Miss)
            {
                var call = new ProviderCall(this, invoker, version, request, prompt.Key);
                try
                {
                    var fill = await cache!.GetOrCreateAsync(cacheKey!, cacheSettings, ExactResponseCache.TagsOf(prompt.Key, version.Number), call, static (c, ct) => c.RunAsync(ct), cancellationToken);
                    if (!fill.OwnCall)
                    {
                        var shared = new StageTimings(routeMs, renderMs, cacheMs, ElapsedMs(stageStarted, out _), null);
                        return await ServeCachedAsync(prompt, version, route.Value, record, fill.Answer, CacheLevel.Coalesced, ExactCacheStatus.Coalesced, inputText, started, shared, execution);
                    }

                    outcome = call.Outcome!;
                }
                catch (UncacheableAnswerException uncacheable)
                {
                    // The shared call's answer was a failure or failed the checks: nothing was stored and every
                    // request that waited on it reports that same outcome (without paying for it again).
                    outcome = uncacheable.Outcome;
                    if (!ReferenceEquals(uncacheable.Call, call))
                    {
                        coalescedFailure = true;
                        cacheStatus = ExactCacheStatus.Coalesced;
                    }
                }
            }
            else
            {
                outcome = await invoker.InvokeAsync(request, cancellationToken);
                if (cacheStatus == ExactCacheStatus.Bypass && IsCacheable(version, outcome))
                    await cache!.StoreAsync(cacheKey!, cacheSettings, ExactResponseCache.TagsOf(prompt.Key, version.Number), ToCachedAnswer(prompt.Key, outcome), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: still an execution that reached a version, so it is recorded.
            record.Complete(ExecutionOutcome.Cancelled, version.Model.Model, catalog.IsSimulated(version.Model.Model), "cancelled",
                time.GetElapsedTime(started).TotalMilliseconds, 0, 0, 0, 0m, ContentHash.Hex(inputText), null, tracing.TraceIdOf(execution));
            record.RecordStages(new StageTimings(routeMs, renderMs, cacheMs, ElapsedMs(stageStarted, out _), null));
            TagOutcome(execution, record);
            LogFinished(record);
            await RecordAsync(record, new ExecutionTelemetry(catalog.Find(version.Model.Model)?.Provider, version.Model.Model, [version.Model.Model], []));
            throw;
        }

        var providerMs = ElapsedMs(stageStarted, out stageStarted);
        // A request that shared another's failed call did not pay for it.
        var cost = coalescedFailure ? 0m : CostOf(outcome);

        // Output checks run only on an answer; a provider failure leaves the stage (and its timing) out.
        IReadOnlyList<OutputCheckFailure> checkFailures = [];
        double? checksMs = null;
        if (outcome.Succeeded)
        {
            using (var checksSpan = tracing.StartStage(ExecutionStages.OutputChecks))
            {
                checkFailures = OutputCheckEvaluator.Evaluate(version.Checks, outcome.Text ?? string.Empty);
                if (checkFailures.Count > 0)
                    PromptConsoleTracing.SetError(checksSpan, "output_check_failed");
            }

            checksMs = ElapsedMs(stageStarted, out _);
        }

        var executionOutcome = !outcome.Succeeded
            ? ExecutionOutcome.ProviderFailed
            : checkFailures.Count > 0 ? ExecutionOutcome.OutputRejected : ExecutionOutcome.Success;
        var errorType = executionOutcome switch
        {
            ExecutionOutcome.ProviderFailed => outcome.ErrorType ?? "provider_error",
            ExecutionOutcome.OutputRejected => "output_check_failed",
            _ => null,
        };
        var latencyMs = time.GetElapsedTime(started).TotalMilliseconds;
        var traceId = tracing.TraceIdOf(execution);

        record.Complete(
            executionOutcome,
            outcome.Model,
            outcome.Simulated,
            errorType,
            latencyMs,
            outcome.Attempts,
            outcome.InputTokens,
            outcome.OutputTokens,
            cost,
            ContentHash.Hex(inputText),
            outcome.Text is null ? null : ContentHash.Hex(outcome.Text),
            traceId);
        record.RecordStages(new StageTimings(routeMs, renderMs, cacheMs, providerMs, checksMs));
        if (coalescedFailure)
            record.ServedFromCache(CacheLevel.Coalesced, null, 0, 0m);
        if (prompt.CaptureEnabled)
            record.Capture(inputText, outcome.Text, startedAt.AddDays(prompt.CaptureRetentionDays));
        CountCacheResult(prompt.Key, cacheStatus, 0, 0m);

        var provider = catalog.Find(outcome.Model)?.Provider;
        TagOutcome(execution, record, provider);
        LogFinished(record);
        await RecordAsync(record, new ExecutionTelemetry(provider, version.Model.Model, outcome.ModelsTried, checkFailures.Select(f => f.Check).ToArray()));

        if (executionOutcome == ExecutionOutcome.ProviderFailed)
        {
            return new Error(
                ErrorKind.ProviderFailed,
                "provider-failed",
                $"The model provider failed after {outcome.Attempts} attempt(s) across {string.Join(" → ", outcome.ModelsTried)}: {outcome.ErrorMessage ?? outcome.ErrorType}",
                [new FieldError("model", $"{outcome.ErrorType}: {outcome.ErrorMessage}")]);
        }

        if (executionOutcome == ExecutionOutcome.OutputRejected && !command.ReturnRejectedOutput)
        {
            return new Error(
                ErrorKind.OutputRejected,
                "output-check-failed",
                $"The output of {outcome.Model} failed {checkFailures.Count} check(s): {string.Join(", ", checkFailures.Select(f => f.Check))}.",
                checkFailures.Select(f => new FieldError($"output.{f.Check}", f.Message)).ToArray());
        }

        return new ExecutionResult(
            record.Id,
            outcome.Text!,
            prompt.Key,
            version.Number,
            route.Value,
            coalescedFailure ? CacheLevel.Coalesced : CacheLevel.Miss,
            outcome.Model,
            outcome.Simulated,
            outcome.Attempts,
            outcome.ModelsTried,
            new ExecutionUsage(outcome.InputTokens, outcome.OutputTokens),
            cost,
            latencyMs,
            traceId)
        {
            CheckFailures = checkFailures,
            CacheStatus = cacheStatus,
        };
    }

    /// <summary>
    /// An answer that needed no provider call of its own (a hit, or an identical request's shared call): recorded
    /// as a success at no cost, with the tokens and dollars it saved.
    /// </summary>
    private async Task<Result<ExecutionResult>> ServeCachedAsync(
        PromptSnapshot prompt, PromptVersion version, RouteDecision route, ExecutionRecord record, CachedAnswer answer,
        CacheLevel level, string status, string inputText, long started, StageTimings stages, Activity? execution)
    {
        var latencyMs = time.GetElapsedTime(started).TotalMilliseconds;
        var traceId = tracing.TraceIdOf(execution);
        record.Complete(ExecutionOutcome.Success, answer.Model, answer.Simulated, null, latencyMs, 0, answer.InputTokens, answer.OutputTokens, 0m,
            ContentHash.Hex(inputText), ContentHash.Hex(answer.Text), traceId);
        var tier = status switch
        {
            ExactCacheStatus.HitL1 => "l1",
            ExactCacheStatus.HitL2 => "l2",
            _ => null,
        };
        record.ServedFromCache(level, tier, answer.Tokens, answer.CostUsd);
        record.RecordStages(stages);
        if (prompt.CaptureEnabled)
            record.Capture(inputText, answer.Text, record.StartedAt.AddDays(prompt.CaptureRetentionDays));

        CountCacheResult(prompt.Key, status, answer.Tokens, answer.CostUsd);
        var provider = catalog.Find(answer.Model)?.Provider;
        TagOutcome(execution, record, provider);
        LogFinished(record);
        await RecordAsync(record, new ExecutionTelemetry(provider, version.Model.Model, [], []));
        return new ExecutionResult(
            record.Id,
            answer.Text,
            prompt.Key,
            version.Number,
            route,
            level,
            answer.Model,
            answer.Simulated,
            0,
            [],
            new ExecutionUsage(answer.InputTokens, answer.OutputTokens),
            0m,
            latencyMs,
            traceId)
        {
            CacheStatus = status,
        };
    }

    private void CountCacheResult(string promptKey, string status, int savedTokens, decimal savedCostUsd)
    {
        if (status == ExactCacheStatus.Off)
            return;
        cacheStatistics?.Count(promptKey, status, savedTokens, savedCostUsd);
        metrics.RecordCacheResult(promptKey, status, savedTokens, savedCostUsd);
    }

    private decimal CostOf(ModelCallOutcome outcome) =>
        outcome.Succeeded || outcome.InputTokens > 0
            ? catalog.Find(outcome.Model)?.Cost(outcome.InputTokens, outcome.OutputTokens) ?? 0m
            : 0m;

    /// <summary>Only an answer that passed the version's checks is worth serving again.</summary>
    private static bool IsCacheable(PromptVersion version, ModelCallOutcome outcome) =>
        outcome is { Succeeded: true, Text: not null } && OutputCheckEvaluator.Evaluate(version.Checks, outcome.Text).Count == 0;

    private CachedAnswer ToCachedAnswer(string promptKey, ModelCallOutcome outcome)
    {
        var answer = new CachedAnswer(outcome.Text!, outcome.Model, outcome.Simulated, outcome.InputTokens, outcome.OutputTokens, CostOf(outcome), time.GetUtcNow());
        cacheStatistics?.Stored(promptKey, System.Text.Encoding.UTF8.GetByteCount(answer.Text));
        return answer;
    }

    /// <summary>The one provider call identical requests share; the caller that made it reads its outcome here.</summary>
    private sealed class ProviderCall(PromptExecutor executor, IModelInvoker invoker, PromptVersion version, ModelCallRequest request, string promptKey)
    {
        public ModelCallOutcome? Outcome { get; private set; }

        public async ValueTask<CachedAnswer> RunAsync(CancellationToken cancellationToken)
        {
            Outcome = await invoker.InvokeAsync(request, cancellationToken);
            if (!IsCacheable(version, Outcome))
                throw new UncacheableAnswerException(this, Outcome);
            return executor.ToCachedAnswer(promptKey, Outcome);
        }
    }

    /// <summary>How a shared call that must not be cached reaches the requests waiting on it (HybridCache stores nothing then).</summary>
    private sealed class UncacheableAnswerException(ProviderCall call, ModelCallOutcome outcome)
        : Exception("The provider's answer is not cacheable.")
    {
        public ProviderCall Call { get; } = call;

        public ModelCallOutcome Outcome { get; } = outcome;
    }

    /// <summary>
    /// Recording never waits (the bound is applied when the execution is admitted). A
    /// request finishing while the host shuts down still gets its answer; its record is refused
    /// (the recorder has drained and stopped) and that is logged rather than turned into a 500.
    /// </summary>
    private async Task RecordAsync(ExecutionRecord record, ExecutionTelemetry telemetry)
    {
        using var span = tracing.StartStage(ExecutionStages.Record);
        metrics.RecordExecution(record, telemetry);
        store.Observe(ExecutionObservations.Of(record, telemetry), time.GetUtcNow());
        try
        {
            await recorder.RecordAsync(record, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            PromptConsoleTracing.SetError(span, "recorder_stopped");
            LogNotRecorded(ex, record.Id, record.PromptKey);
        }
    }

    /// <summary>Milliseconds since <paramref name="from"/>; <paramref name="now"/> starts the next stage.</summary>
    private double ElapsedMs(long from, out long now)
    {
        now = time.GetTimestamp();
        return time.GetElapsedTime(from, now).TotalMilliseconds;
    }

    /// <summary>An expected rejection before anything was recorded: the error code is the span's error type.</summary>
    private static Error Rejected(Activity? execution, Error error, Activity? stage = null)
    {
        PromptConsoleTracing.SetError(stage, error.Code);
        PromptConsoleTracing.SetError(execution, error.Code);
        return error;
    }

    private static void TagRoute(Activity? execution, PromptVersion version, string routeKind, RouteDecision route)
    {
        if (execution is not { IsAllDataRequested: true })
            return;
        execution.SetTag(SpanAttributeNames.PromptVersion, version.Number);
        execution.SetTag(SpanAttributeNames.RouteKind, routeKind);
        execution.SetTag(SpanAttributeNames.RouteId, route.RouteId);
        if (route.Arm is not null)
            execution.SetTag(SpanAttributeNames.RouteArm, route.Arm);
        if (route.Kind == RouteKind.Experiment)
            execution.SetTag(SpanAttributeNames.Experiment, route.RouteId);
        execution.SetTag(SpanAttributeNames.GenAiRequestModel, version.Model.Model);
    }

    private static void TagOutcome(Activity? execution, ExecutionRecord record, string? provider = null)
    {
        if (execution is null)
            return;
        if (record.ErrorType is { } errorType)
            PromptConsoleTracing.SetError(execution, errorType);
        if (!execution.IsAllDataRequested)
            return;
        execution.SetTag(SpanAttributeNames.ExecutionOutcome, PromptConsoleMetrics.StatusName(record.Outcome));
        execution.SetTag(SpanAttributeNames.Attempts, record.Attempts);
        if (provider is not null)
            execution.SetTag(SpanAttributeNames.GenAiProviderName, provider);
        if (record.Outcome is ExecutionOutcome.Success or ExecutionOutcome.OutputRejected)
        {
            execution.SetTag(SpanAttributeNames.GenAiResponseModel, record.Model);
            PromptConsoleTracing.SetUsage(execution, record.InputTokens, record.OutputTokens);
        }

        if (record.Simulated)
            execution.SetTag(SpanAttributeNames.ModelSimulated, true);
    }

    /// <summary>Identifiers, outcome and sizes only: neither the rendered prompt nor the answer is ever logged.</summary>
    private void LogFinished(ExecutionRecord record)
    {
        switch (record.Outcome)
        {
            case ExecutionOutcome.Success:
                LogSucceeded(record.Id, record.PromptKey, record.PromptVersion, record.Model, record.Attempts, record.LatencyMs);
                break;
            case ExecutionOutcome.ProviderFailed:
                LogProviderFailed(record.Id, record.PromptKey, record.PromptVersion, record.Model, record.ErrorType, record.Attempts, record.LatencyMs);
                break;
            default:
                LogNotAnswered(record.Id, record.PromptKey, record.PromptVersion, PromptConsoleMetrics.StatusName(record.Outcome), record.ErrorType, record.LatencyMs);
                break;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Execution {ExecutionId} of {PromptKey} v{PromptVersion} answered by {Model} after {Attempts} attempt(s) in {LatencyMs:F1} ms")]
    private partial void LogSucceeded(Guid executionId, string promptKey, int promptVersion, string model, int attempts, double latencyMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Execution {ExecutionId} of {PromptKey} v{PromptVersion} failed at the provider ({ErrorType}) after {Attempts} attempt(s), last model {Model}, in {LatencyMs:F1} ms")]
    private partial void LogProviderFailed(Guid executionId, string promptKey, int promptVersion, string model, string? errorType, int attempts, double latencyMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Execution {ExecutionId} of {PromptKey} v{PromptVersion} ended {Outcome} ({ErrorType}) in {LatencyMs:F1} ms")]
    private partial void LogNotAnswered(Guid executionId, string promptKey, int promptVersion, string outcome, string? errorType, double latencyMs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Execution {ExecutionId} of {PromptKey} finished during shutdown and was not recorded")]
    private partial void LogNotRecorded(Exception exception, Guid executionId, string promptKey);

    private static string OriginName(ExecutionOrigin origin) => origin switch
    {
        ExecutionOrigin.Api => "api",
        ExecutionOrigin.OpenAiCompatible => "openai_compatible",
        ExecutionOrigin.Console => "console",
        ExecutionOrigin.DemoTraffic => "demo_traffic",
        ExecutionOrigin.Golden => "golden", ExecutionOrigin.Batch => "batch",
        _ => origin.ToString().ToLowerInvariant(),
    };
}
