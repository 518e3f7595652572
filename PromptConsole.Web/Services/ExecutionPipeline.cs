using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Services.Caching;

namespace PromptConsole.Web.Services;

/// <summary>
/// The stages every execution runs once a front door has prepared it (<see cref="PreparedExecution"/>): the exact cache
/// (with coalescing of identical in-flight requests), the provider call (whole or streamed, with the invoker's retries,
/// fallbacks and breakers), the output checks, and the record with its metrics, trace and log line. The execution API,
/// managed prompts and raw conversations through <c>/v1/chat/completions</c> all come through here, so each of these
/// exists once. A stage with nothing to do (the cache off, no checks) is neither run nor traced.
/// </summary>
public sealed partial class ExecutionPipeline(
    IModelInvoker invoker,
    IModelCatalog catalog,
    IExecutionRecorder recorder,
    PromptConsoleMetrics metrics,
    IMetricsStore store,
    PromptConsoleTracing tracing,
    TimeProvider time,
    ILogger<ExecutionPipeline> logger,
    ExactResponseCache? cache = null,
    ExactCacheStatistics? cacheStatistics = null,
    SemanticCacheStage? semanticCache = null)
{
    private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("PromptKey:{PromptKey}");

    /// <summary>The execution's span (<c>execute {key}</c>), tagged with where the request came from.</summary>
    public Activity? StartExecution(string key, ExecutionOrigin origin)
    {
        var execution = tracing.StartExecution(key);
        execution?.SetTag(SpanAttributeNames.ExecutionOrigin, OriginName(origin));
        return execution;
    }

    /// <summary>The one log scope of an execution: every line logged under it names the prompt.</summary>
    public IDisposable? LogScope(string key) => Scope(logger, key);

    /// <summary>
    /// Sheds load rather than waiting: while the recorder is at its bound (the database is slow or away) an execution is
    /// refused before it costs a model call.
    /// </summary>
    public Error? Admit() => recorder.TryAdmit() ? null : RecorderOverload.Error(recorder.Status);

    /// <summary>An expected rejection before anything was recorded: the error code is the span's error type.</summary>
    public static Error Rejected(Activity? execution, Error error, Activity? stage = null)
    {
        PromptConsoleTracing.SetError(stage, error.Code);
        PromptConsoleTracing.SetError(execution, error.Code);
        return error;
    }

    /// <summary>Marks the execution span when an exception leaves the pipeline (a cancelled caller is <c>cancelled</c>).</summary>
    public static void Failed(Activity? execution, Exception exception, CancellationToken cancellationToken) =>
        PromptConsoleTracing.SetError(execution, cancellationToken.IsCancellationRequested && exception is OperationCanceledException ? "cancelled" : exception.GetType().FullName ?? "exception");

    /// <summary>Runs a prepared execution to a whole answer.</summary>
    public async Task<Result<ExecutionResult>> CompleteAsync(PreparedExecution prepared, Activity? execution, CancellationToken cancellationToken)
    {
        var record = prepared.Record;
        var stageStarted = prepared.Prepared;

        var lookup = await LookUpAsync(prepared, cancellationToken);
        var semantic = lookup.Hit is null ? await LookUpSemanticAsync(prepared, lookup, cancellationToken) : null;
        var cacheMs = lookup.Status == ExactCacheStatus.Off && semantic is null ? (double?)null : ElapsedMs(stageStarted, out stageStarted);
        if (lookup.Hit is { } hit)
            return await ServeCachedAsync(prepared, hit.Answer, CacheLevel.Exact, hit.Status, Timings(prepared, cacheMs, null, null), execution);
        if (semantic is { Action: SemanticAction.Serve, Candidate: { } semanticHit })
        {
            semanticCache!.Served(semantic, record.Id);
            return await ServeCachedAsync(prepared, semanticHit.Entry.Answer, CacheLevel.Semantic, SemanticCacheStatus.Hit, Timings(prepared, cacheMs, null, null), execution);
        }

        ModelCallOutcome outcome;
        var cacheStatus = lookup.Status;
        var coalescedFailure = false;
        try
        {
            if (cacheStatus == ExactCacheStatus.Miss)
            {
                var call = new ProviderCall(this, invoker, prepared);
                try
                {
                    var fill = await cache!.GetOrCreateAsync(lookup.Key!, prepared.Cache, lookup.Tags!, call, static (c, ct) => c.RunAsync(ct), cancellationToken);
                    if (!fill.OwnCall)
                        return await ServeCachedAsync(prepared, fill.Answer, CacheLevel.Coalesced, ExactCacheStatus.Coalesced, Timings(prepared, cacheMs, ElapsedMs(stageStarted, out _), null), execution);

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
                outcome = await invoker.InvokeAsync(prepared.Request, cancellationToken);
                if (cacheStatus == ExactCacheStatus.Bypass && IsCacheable(prepared.Checks, outcome))
                    await cache!.StoreAsync(lookup.Key!, prepared.Cache, lookup.Tags!, ToCachedAnswer(prepared.Record.PromptKey, outcome), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: still an execution that reached a model, so it is recorded.
            var requested = prepared.Request.Settings.Model;
            record.Complete(ExecutionOutcome.Cancelled, requested, catalog.IsSimulated(requested), "cancelled",
                time.GetElapsedTime(prepared.Started).TotalMilliseconds, 0, 0, 0, 0m, ContentHash.Hex(prepared.InputText), null, tracing.TraceIdOf(execution));
            record.RecordStages(Timings(prepared, cacheMs, ElapsedMs(stageStarted, out _), null));
            TagOutcome(execution, record);
            LogFinished(record);
            await RecordAsync(record, new ExecutionTelemetry(catalog.Find(requested)?.Provider, requested, [requested], []), execution);
            throw;
        }

        var providerMs = ElapsedMs(stageStarted, out stageStarted);
        // A request that shared another's failed call did not pay for it.
        var cost = coalescedFailure ? 0m : CostOf(outcome);

        // Output checks run only on an answer and only when the version has some.
        IReadOnlyList<OutputCheckFailure> checkFailures = [];
        double? checksMs = null;
        if (outcome.Succeeded && !prepared.Checks.IsEmpty)
        {
            using (var checksSpan = tracing.StartStage(ExecutionStages.OutputChecks))
            {
                checkFailures = OutputCheckEvaluator.Evaluate(prepared.Checks, outcome.Text ?? string.Empty);
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
        // Semantic cache: compare a shadow or verification answer with the cached one; store a miss's good answer.
        if (semantic is not null)
        {
            var semanticAnswer = executionOutcome == ExecutionOutcome.Success && !coalescedFailure ? SemanticCacheStage.AnswerOf(outcome, cost, time.GetUtcNow()) : null;
            await semanticCache!.CompleteAsync(semantic, record.Id, semanticAnswer, cancellationToken);
        }

        var latencyMs = time.GetElapsedTime(prepared.Started).TotalMilliseconds;
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
            ContentHash.Hex(prepared.InputText),
            outcome.Text is null ? null : ContentHash.Hex(outcome.Text),
            traceId);
        record.RecordStages(Timings(prepared, cacheMs, providerMs, checksMs));
        if (coalescedFailure)
            record.ServedFromCache(CacheLevel.Coalesced, null, 0, 0m);
        if (prepared.CaptureRetentionDays is { } retention)
            record.Capture(prepared.InputText, outcome.Text, record.StartedAt.AddDays(retention));
        CountCacheResult(prepared.Record.PromptKey, cacheStatus, 0, 0m);

        var provider = catalog.Find(outcome.Model)?.Provider;
        TagOutcome(execution, record, provider);
        LogFinished(record);
        await RecordAsync(record, new ExecutionTelemetry(provider, prepared.Request.Settings.Model, outcome.ModelsTried, checkFailures.Select(f => f.Check).ToArray()), execution);

        if (executionOutcome == ExecutionOutcome.ProviderFailed)
            return ProviderFailed(outcome.Attempts, outcome.ModelsTried, outcome.ErrorType, outcome.ErrorMessage);

        if (executionOutcome == ExecutionOutcome.OutputRejected && !prepared.ReturnRejectedOutput)
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
            record.PromptKey,
            record.PromptVersion,
            prepared.Route,
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
    /// Runs a prepared execution as a stream and takes over <paramref name="execution"/>: the span ends when the stream
    /// does. A cached answer (exact or semantic) is sent as a stream of one piece. A stream cannot wait on another
    /// request's call, so streamed misses are not coalesced; a complete answer is stored for the next request, and the
    /// semantic cache compares (shadow, verification) and stores it once the stream has ended. Output checks need the
    /// whole answer before anything is sent, so an execution with checks is answered whole and sent as one piece.
    /// </summary>
    public async Task<Result<ExecutionStream>> StreamAsync(PreparedExecution prepared, Activity? execution, CancellationToken cancellationToken)
    {
        var handedOver = false;
        try
        {
            if (!prepared.Checks.IsEmpty)
            {
                var whole = await CompleteAsync(prepared, execution, cancellationToken);
                return whole.IsSuccess ? OnePiece(whole.Value) : whole.Error!;
            }

            var stageStarted = prepared.Prepared;
            var lookup = await LookUpAsync(prepared, cancellationToken);
            var semantic = lookup.Hit is null ? await LookUpSemanticAsync(prepared, lookup, cancellationToken) : null;
            var cacheMs = lookup.Status == ExactCacheStatus.Off && semantic is null ? (double?)null : ElapsedMs(stageStarted, out stageStarted);
            if (lookup.Hit is { } hit)
            {
                var served = await ServeCachedAsync(prepared, hit.Answer, CacheLevel.Exact, hit.Status, Timings(prepared, cacheMs, null, null), execution);
                return OnePiece(served.Value);
            }

            if (semantic is { Action: SemanticAction.Serve, Candidate: { } semanticHit })
            {
                semanticCache!.Served(semantic, prepared.Record.Id);
                var served = await ServeCachedAsync(prepared, semanticHit.Entry.Answer, CacheLevel.Semantic, SemanticCacheStatus.Hit, Timings(prepared, cacheMs, null, null), execution);
                return OnePiece(served.Value);
            }

            var start = await invoker.StartStreamAsync(prepared.Request, cancellationToken);
            if (!start.Succeeded)
            {
                var record = prepared.Record;
                var latencyMs = time.GetElapsedTime(prepared.Started).TotalMilliseconds;
                record.Complete(ExecutionOutcome.ProviderFailed, start.Model, start.Simulated, start.ErrorType ?? "provider_error", latencyMs, start.Attempts, 0, 0, 0m,
                    ContentHash.Hex(prepared.InputText), null, tracing.TraceIdOf(execution));
                record.RecordStages(Timings(prepared, cacheMs, ElapsedMs(stageStarted, out _), null));
                CountCacheResult(prepared.Record.PromptKey, lookup.Status, 0, 0m);
                var provider = catalog.Find(start.Model)?.Provider;
                TagOutcome(execution, record, provider);
                LogFinished(record);
                await RecordAsync(record, new ExecutionTelemetry(provider, prepared.Request.Settings.Model, start.ModelsTried, []), execution);
                return ProviderFailed(start.Attempts, start.ModelsTried, start.ErrorType, start.ErrorMessage);
            }

            handedOver = true;
            var streaming = prepared.Record;
            return new ExecutionStream(streaming.Id, streaming.PromptKey, streaming.PromptVersion, prepared.Route, start.Model, start.Simulated, start.Attempts, lookup.Status, Pieces(prepared, lookup, semantic, start, cacheMs, stageStarted, execution, cancellationToken));
        }
        catch (Exception ex)
        {
            Failed(execution, ex, cancellationToken);
            throw;
        }
        finally
        {
            if (!handedOver)
                execution?.Dispose();
        }
    }

    private static ExecutionStream OnePiece(ExecutionResult result) =>
        new(result.ExecutionId, result.PromptKey, result.PromptVersion, result.Route, result.Model, result.Simulated, result.Attempts, result.CacheStatus, OnePieceOf(result));

    private static async IAsyncEnumerable<ExecutionStreamPiece> OnePieceOf(ExecutionResult result)
    {
        await Task.CompletedTask;
        yield return new ExecutionStreamPiece(result.Output, null);
        yield return new ExecutionStreamPiece(null, result);
    }

    private async IAsyncEnumerable<ExecutionStreamPiece> Pieces(
        PreparedExecution prepared, CacheLookup lookup, SemanticLookup? semantic, ModelStreamStart start, double? cacheMs, long providerStarted, Activity? execution,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        UsageDetails? usage = null;
        var outcome = ExecutionOutcome.Cancelled;
        ExecutionResult? result = null;
        try
        {
            var update = start.First;
            var rest = start.Rest!;
            while (update is not null)
            {
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent u)
                        usage = u.Details;
                }

                var piece = update.Text;
                if (!string.IsNullOrEmpty(piece))
                {
                    text.Append(piece);
                    yield return new ExecutionStreamPiece(piece, null);
                }

                update = await rest.MoveNextAsync() ? rest.Current : null;
            }

            outcome = ExecutionOutcome.Success;
        }
        finally
        {
            if (start.Rest is not null)
                await start.Rest.DisposeAsync();
            if (outcome != ExecutionOutcome.Success && !cancellationToken.IsCancellationRequested)
                outcome = ExecutionOutcome.ProviderFailed;

            // Recorded however the stream ended: finished, failed upstream, or abandoned by the client. This runs in the
            // reader's flow, not under the execution span, so the log scope is opened again and stages name their parent.
            using (LogScope(prepared.Record.PromptKey))
                result = await FinishStreamAsync(prepared, lookup, semantic, start, outcome, text.ToString(), usage, cacheMs, providerStarted, execution);
            execution?.Dispose();
        }

        yield return new ExecutionStreamPiece(null, result);
    }

    private async Task<ExecutionResult> FinishStreamAsync(
        PreparedExecution prepared, CacheLookup lookup, SemanticLookup? semantic, ModelStreamStart start, ExecutionOutcome outcome, string output, UsageDetails? usage,
        double? cacheMs, long providerStarted, Activity? execution)
    {
        var record = prepared.Record;
        var inputTokens = usage?.InputTokenCount is { } i ? (int)i : EstimateInputTokens(prepared.Request);
        var outputTokens = usage?.OutputTokenCount is { } o ? (int)o : TokenEstimator.Estimate(output);
        var cost = catalog.Find(start.Model)?.Cost(inputTokens, outputTokens) ?? 0m;
        var errorType = outcome switch
        {
            ExecutionOutcome.ProviderFailed => "stream_interrupted",
            ExecutionOutcome.Cancelled => "cancelled",
            _ => null,
        };
        var latencyMs = time.GetElapsedTime(prepared.Started).TotalMilliseconds;
        var traceId = tracing.TraceIdOf(execution);
        record.Complete(outcome, start.Model, start.Simulated, errorType, latencyMs, start.Attempts, inputTokens, outputTokens, cost,
            ContentHash.Hex(prepared.InputText), ContentHash.Hex(output), traceId);
        record.RecordStages(Timings(prepared, cacheMs, time.GetElapsedTime(providerStarted).TotalMilliseconds, null));
        if (prepared.CaptureRetentionDays is { } retention)
            record.Capture(prepared.InputText, output, record.StartedAt.AddDays(retention));
        CountCacheResult(prepared.Record.PromptKey, lookup.Status, 0, 0m);

        var answered = new ModelCallOutcome(outcome == ExecutionOutcome.Success, output, start.Model, start.Attempts, inputTokens, outputTokens, start.Simulated, errorType, null, start.ModelsTried);
        if (lookup.Key is not null && IsCacheable(prepared.Checks, answered))
            await cache!.StoreAsync(lookup.Key, prepared.Cache, lookup.Tags!, ToCachedAnswer(prepared.Record.PromptKey, answered), CancellationToken.None);

        // Semantic cache: compare a shadow or verification answer with the cached one; store a finished miss's answer.
        if (semantic is not null)
        {
            var semanticAnswer = outcome == ExecutionOutcome.Success && !string.IsNullOrEmpty(output) ? SemanticCacheStage.AnswerOf(answered, cost, time.GetUtcNow()) : null;
            await semanticCache!.CompleteAsync(semantic, record.Id, semanticAnswer, CancellationToken.None);
        }

        var provider = catalog.Find(start.Model)?.Provider;
        TagOutcome(execution, record, provider);
        LogFinished(record);
        await RecordAsync(record, new ExecutionTelemetry(provider, prepared.Request.Settings.Model, start.ModelsTried, []), execution);
        return new ExecutionResult(
            record.Id, output, record.PromptKey, record.PromptVersion, prepared.Route, CacheLevel.Miss, start.Model, start.Simulated, start.Attempts,
            start.ModelsTried, new ExecutionUsage(inputTokens, outputTokens), cost, latencyMs, traceId)
        {
            CacheStatus = lookup.Status,
        };
    }

    /// <summary>
    /// The exact cache stage: off, bypassed (<c>no-cache</c>), a hit, or a miss the caller fills (a whole answer shares an
    /// identical in-flight call; a stream makes its own). Golden runs and callers that want rejected answers never use it.
    /// </summary>
    private async ValueTask<CacheLookup> LookUpAsync(PreparedExecution prepared, CancellationToken cancellationToken)
    {
        if (cache is null || !prepared.Cache.Enabled || prepared.Record.Origin == ExecutionOrigin.Golden || prepared.ReturnRejectedOutput)
            return CacheLookup.Off;

        using var cacheSpan = tracing.StartStage(ExecutionStages.Cache);
        var request = prepared.Request;
        // The record's prompt and version (or _chat and 0) scope the key and the purge tags.
        var key = ExactCacheKey.Compute(new ExactCacheKeyInput(prepared.Record.PromptKey, prepared.Record.PromptVersion, request.SystemText, request.Messages is null ? request.UserText : ConversationText(request.Messages), request.Settings, prepared.Record.Tenant));
        var tags = ExactResponseCache.TagsOf(prepared.Record.PromptKey, prepared.Record.PromptVersion);
        CacheLookup lookup;
        if (prepared.BypassCache)
        {
            lookup = new CacheLookup(ExactCacheStatus.Bypass, key, tags, null);
        }
        else
        {
            var hit = await cache.LookupAsync(key, tags, cancellationToken);
            lookup = new CacheLookup(hit?.Status ?? ExactCacheStatus.Miss, key, tags, hit);
        }

        cacheSpan?.SetTag(SpanAttributeNames.CacheLevel, lookup.Status);
        return lookup;
    }

    /// <summary>
    /// The semantic cache stage (<see cref="SemanticCacheStage"/>): after an exact miss or with the exact cache off, for
    /// managed prompts with it on and raw conversations when the configuration switches it on; not for golden runs,
    /// callers that want rejected answers, or <c>no-cache</c>.
    /// </summary>
    private async ValueTask<SemanticLookup?> LookUpSemanticAsync(PreparedExecution prepared, CacheLookup exact, CancellationToken cancellationToken)
    {
        if (semanticCache is null || !prepared.UsesSemanticCache
            || exact.Status is not (ExactCacheStatus.Off or ExactCacheStatus.Miss)
            || prepared.Record.Origin == ExecutionOrigin.Golden || prepared.ReturnRejectedOutput || prepared.BypassCache)
            return null;
        var record = prepared.Record;
        if (prepared is { Prompt: { } prompt, Version: { } version, Variables: { } variables })
            return await semanticCache.LookupAsync(prompt, version, variables.CanonicalText, record.Tenant, record.Id, cancellationToken);

        // A raw conversation (whole-prompt matching, when PromptConsole:Cache:ChatCompletions:Semantic switches it on).
        if (prepared is { Prompt: null, Request.Messages: { } messages })
        {
            var turns = messages.Select(m => new ConversationTurn(m.Role.Value, m.Text)).ToArray();
            return await semanticCache.LookupConversationAsync(record.PromptKey, record.PromptVersion, prepared.Request.Settings, turns, prepared.ConversationSemanticCache, record.Tenant, record.Id, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// An answer that needed no provider call of its own (a hit, or an identical request's shared call): recorded as a
    /// success at no cost, with the tokens and dollars it saved.
    /// </summary>
    private async Task<Result<ExecutionResult>> ServeCachedAsync(
        PreparedExecution prepared, CachedAnswer answer, CacheLevel level, string status, StageTimings stages, Activity? execution)
    {
        var record = prepared.Record;
        var latencyMs = time.GetElapsedTime(prepared.Started).TotalMilliseconds;
        var traceId = tracing.TraceIdOf(execution);
        record.Complete(ExecutionOutcome.Success, answer.Model, answer.Simulated, null, latencyMs, 0, answer.InputTokens, answer.OutputTokens, 0m,
            ContentHash.Hex(prepared.InputText), ContentHash.Hex(answer.Text), traceId);
        var tier = status switch
        {
            ExactCacheStatus.HitL1 => "l1",
            ExactCacheStatus.HitL2 => "l2",
            _ => null,
        };
        record.ServedFromCache(level, tier, answer.Tokens, answer.CostUsd);
        record.RecordStages(stages);
        if (prepared.CaptureRetentionDays is { } retention)
            record.Capture(prepared.InputText, answer.Text, record.StartedAt.AddDays(retention));

        CountCacheResult(prepared.Record.PromptKey, status, answer.Tokens, answer.CostUsd);
        var provider = catalog.Find(answer.Model)?.Provider;
        TagOutcome(execution, record, provider);
        LogFinished(record);
        await RecordAsync(record, new ExecutionTelemetry(provider, prepared.Request.Settings.Model, [], []), execution);
        return new ExecutionResult(
            record.Id,
            answer.Text,
            record.PromptKey,
            record.PromptVersion,
            prepared.Route,
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

    private void CountCacheResult(string scopeKey, string status, int savedTokens, decimal savedCostUsd)
    {
        if (status == ExactCacheStatus.Off)
            return;
        cacheStatistics?.Count(scopeKey, status, savedTokens, savedCostUsd);
        metrics.RecordCacheResult(scopeKey, status, savedTokens, savedCostUsd);
    }

    private decimal CostOf(ModelCallOutcome outcome) =>
        outcome.Succeeded || outcome.InputTokens > 0
            ? catalog.Find(outcome.Model)?.Cost(outcome.InputTokens, outcome.OutputTokens) ?? 0m
            : 0m;

    /// <summary>Only an answer that passed the checks is worth serving again.</summary>
    private static bool IsCacheable(OutputChecks checks, ModelCallOutcome outcome) =>
        outcome is { Succeeded: true, Text: not null } && (checks.IsEmpty || OutputCheckEvaluator.Evaluate(checks, outcome.Text).Count == 0);

    private CachedAnswer ToCachedAnswer(string scopeKey, ModelCallOutcome outcome)
    {
        var answer = new CachedAnswer(outcome.Text!, outcome.Model, outcome.Simulated, outcome.InputTokens, outcome.OutputTokens, CostOf(outcome), time.GetUtcNow());
        cacheStatistics?.Stored(scopeKey, System.Text.Encoding.UTF8.GetByteCount(answer.Text));
        return answer;
    }

    /// <summary>
    /// A conversation as one unambiguous text for the cache key: each message is its role and its length-prefixed text,
    /// so no text can imitate a message boundary.
    /// </summary>
    private static string ConversationText(IReadOnlyList<ChatMessage> messages)
    {
        var text = new System.Text.StringBuilder();
        foreach (var message in messages)
        {
            var content = message.Text;
            text.Append(message.Role.Value).Append(':').Append(content.Length).Append(':').Append(content).Append('\n');
        }

        return text.ToString();
    }

    private static int EstimateInputTokens(ModelCallRequest request) =>
        request.Messages is { } messages
            ? messages.Sum(m => TokenEstimator.Estimate(m.Text))
            : TokenEstimator.Estimate(request.SystemText) + TokenEstimator.Estimate(request.UserText);

    private static StageTimings Timings(PreparedExecution prepared, double? cacheMs, double? providerMs, double? checksMs) =>
        new(prepared.RouteMs, prepared.RenderMs, cacheMs, providerMs, checksMs);

    /// <summary>The one provider call identical requests share; the caller that made it reads its outcome here.</summary>
    private sealed class ProviderCall(ExecutionPipeline pipeline, IModelInvoker invoker, PreparedExecution prepared)
    {
        public ModelCallOutcome? Outcome { get; private set; }

        public async ValueTask<CachedAnswer> RunAsync(CancellationToken cancellationToken)
        {
            Outcome = await invoker.InvokeAsync(prepared.Request, cancellationToken);
            if (!IsCacheable(prepared.Checks, Outcome))
                throw new UncacheableAnswerException(this, Outcome);
            return pipeline.ToCachedAnswer(prepared.Record.PromptKey, Outcome);
        }
    }

    /// <summary>How a shared call that must not be cached reaches the requests waiting on it (HybridCache stores nothing then).</summary>
    private sealed class UncacheableAnswerException(ProviderCall call, ModelCallOutcome outcome)
        : Exception("The provider's answer is not cacheable.")
    {
        public ProviderCall Call { get; } = call;

        public ModelCallOutcome Outcome { get; } = outcome;
    }

    /// <summary>How the exact cache took part: its status, the key and tags (when it is on) and the hit (when there was one).</summary>
    private sealed record CacheLookup(string Status, string? Key, IReadOnlyList<string>? Tags, CacheHit? Hit)
    {
        public static readonly CacheLookup Off = new(ExactCacheStatus.Off, null, null, null);
    }

    /// <summary>
    /// Recording never waits (the bound is applied when the execution is admitted). A request finishing while the host
    /// shuts down still gets its answer; its record is refused (the recorder has drained and stopped) and that is logged
    /// rather than turned into a 500. The record stage names its execution: a stream finishes in the reader's flow.
    /// </summary>
    private async Task RecordAsync(ExecutionRecord record, ExecutionTelemetry telemetry, Activity? execution)
    {
        using var span = tracing.StartStage(ExecutionStages.Record, execution);
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

    private static Error ProviderFailed(int attempts, IReadOnlyList<string> modelsTried, string? errorType, string? message) =>
        new(ErrorKind.ProviderFailed, "provider-failed",
            $"The model provider failed after {attempts} attempt(s) across {string.Join(" → ", modelsTried)}: {message ?? errorType}",
            [new FieldError("model", $"{errorType}: {message}")]);

    private static void TagOutcome(Activity? execution, ExecutionRecord record, string? provider = null)
    {
        if (execution is null)
            return;
        if (record.ErrorType is { } errorType)
            PromptConsoleTracing.SetError(execution, errorType);
        if (!execution.IsAllDataRequested)
            return;
        execution.SetTag(SpanAttributeNames.ExecutionId, record.Id.ToString());
        execution.SetTag(SpanAttributeNames.ExecutionOutcome, PromptConsoleMetrics.StatusName(record.Outcome));
        execution.SetTag(SpanAttributeNames.Attempts, record.Attempts);
        if (provider is not null)
            execution.SetTag(SpanAttributeNames.GenAiProviderName, provider);
        if (record.Outcome is ExecutionOutcome.Success or ExecutionOutcome.OutputRejected || record.OutputTokens > 0)
        {
            execution.SetTag(SpanAttributeNames.GenAiResponseModel, record.Model);
            PromptConsoleTracing.SetUsage(execution, record.InputTokens, record.OutputTokens);
        }

        if (record.Simulated)
            execution.SetTag(SpanAttributeNames.ModelSimulated, true);
    }

    /// <summary>Identifiers, outcome and sizes only: neither the input nor the answer is ever logged.</summary>
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
        ExecutionOrigin.Golden => "golden",
        ExecutionOrigin.Batch => "batch",
        _ => origin.ToString().ToLowerInvariant(),
    };
}
