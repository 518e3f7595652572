using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;

namespace PromptConsole.Web.Services;

/// <summary>A conversation sent through the OpenAI-compatible endpoint to a catalog model.</summary>
public sealed record ChatCommand(
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    double? Temperature,
    int? MaxTokens,
    IReadOnlyList<string> Fallbacks,
    string? User);

public sealed record ChatAnswer(Guid ExecutionId, string Text, string Model, int Attempts, int InputTokens, int OutputTokens, decimal CostUsd, bool Simulated);

/// <summary>A started stream: who answers, whether it is simulated, and the pieces to come.</summary>
public sealed record ChatStream(string Model, bool Simulated, IAsyncEnumerable<ChatStreamPiece> Pieces);

/// <summary>One piece of a streamed answer; the last one carries the totals.</summary>
public sealed record ChatStreamPiece(string? Text, ChatAnswer? Completed);

/// <summary>
/// The gateway behind <c>/v1/chat/completions</c>: a raw conversation to a catalog model with the
/// same retries, fallbacks, circuit breakers, cost and recording as prompt executions. Records go
/// under the reserved key <see cref="RecordKey"/> (not a valid prompt key, so it cannot collide).
/// Each call is an <c>execute _chat</c> span with the provider attempts and the record as children;
/// a stream's span lasts until the stream ends.
/// </summary>
public sealed class ChatCompletionGateway(
    IModelInvoker invoker,
    IModelCatalog catalog,
    IExecutionRecorder recorder,
    PromptConsoleMetrics metrics,
    IMetricsStore store,
    PromptConsoleTracing tracing,
    TimeProvider time,
    ILogger<ChatCompletionGateway> logger)
{
    public const string RecordKey = "_chat";

    private static readonly Func<ILogger, string, IDisposable?> ExecutionScope = LoggerMessage.DefineScope<string>("PromptKey:{PromptKey}");

    public Result<ChatCommand> Check(ChatCommand command)
    {
        if (catalog.Find(command.Model) is null)
            return Error.NotFound("model-not-found", $"The model '{command.Model}' is not in the catalog (or its provider is disabled).");
        foreach (var fallback in command.Fallbacks)
        {
            if (catalog.Find(fallback) is null)
                return Error.NotFound("model-not-found", $"The fallback model '{fallback}' is not in the catalog (or its provider is disabled).");
        }

        return command;
    }

    /// <summary>A valid command runs only while the recorder is below its bound (else 503: shed load rather than wait for the database).</summary>
    private Result<ChatCommand> Admit(Result<ChatCommand> checkedCommand) =>
        !checkedCommand.IsSuccess || recorder.TryAdmit() ? checkedCommand : RecorderOverload.Error(recorder.Status);

    public async Task<Result<ChatAnswer>> CompleteAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        using var execution = StartExecution(command, streamed: false);
        using var scope = ExecutionScope(logger, RecordKey);
        var checkedCommand = Admit(Check(command));
        if (!checkedCommand.IsSuccess)
        {
            PromptConsoleTracing.SetError(execution, checkedCommand.Error!.Code);
            return checkedCommand.Error!;
        }

        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();
        ModelCallOutcome outcome;
        try
        {
            outcome = await invoker.InvokeAsync(ToRequest(command), cancellationToken);
        }
        catch (Exception ex)
        {
            PromptConsoleTracing.SetError(execution, ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : ex.GetType().FullName ?? "exception");
            throw;
        }

        var latencyMs = time.GetElapsedTime(started).TotalMilliseconds;
        var cost = catalog.Find(outcome.Model)?.Cost(outcome.InputTokens, outcome.OutputTokens) ?? 0m;
        var record = NewRecord(command, startedAt);
        record.Complete(
            outcome.Succeeded ? ExecutionOutcome.Success : ExecutionOutcome.ProviderFailed,
            outcome.Model,
            outcome.Simulated,
            outcome.Succeeded ? null : outcome.ErrorType,
            latencyMs,
            outcome.Attempts,
            outcome.InputTokens,
            outcome.OutputTokens,
            cost,
            HashOf(command.Messages),
            outcome.Text is null ? null : ContentHash.Hex(outcome.Text),
            tracing.TraceIdOf(execution));
        record.RecordStages(ProviderOnly(latencyMs));
        var provider = catalog.Find(outcome.Model)?.Provider;
        TagOutcome(execution, record, provider);
        await RecordAsync(record, new ExecutionTelemetry(provider, command.Model, outcome.ModelsTried, []), execution);

        if (!outcome.Succeeded)
            return ProviderFailed(outcome.Attempts, outcome.ModelsTried, outcome.ErrorType, outcome.ErrorMessage);

        return new ChatAnswer(record.Id, outcome.Text ?? string.Empty, outcome.Model, outcome.Attempts, outcome.InputTokens, outcome.OutputTokens, cost, outcome.Simulated);
    }

    /// <summary>
    /// Starts a streamed answer. Failure before the first token is an error the caller can still
    /// turn into a status code; after that, the pieces flow and the last one carries the totals.
    /// </summary>
    public async Task<Result<ChatStream>> StreamAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        // Not `using`: a stream that starts hands its span to the pieces, which end it with the stream.
        var execution = StartExecution(command, streamed: true);
        using var scope = ExecutionScope(logger, RecordKey);
        var handedOver = false;
        try
        {
            var checkedCommand = Admit(Check(command));
            if (!checkedCommand.IsSuccess)
            {
                PromptConsoleTracing.SetError(execution, checkedCommand.Error!.Code);
                return checkedCommand.Error!;
            }

            var started = time.GetTimestamp();
            var startedAt = time.GetUtcNow();
            var start = await invoker.StartStreamAsync(ToRequest(command), cancellationToken);
            if (!start.Succeeded)
            {
                var latencyMs = time.GetElapsedTime(started).TotalMilliseconds;
                var failed = NewRecord(command, startedAt);
                failed.Complete(ExecutionOutcome.ProviderFailed, start.Model, start.Simulated, start.ErrorType, latencyMs, start.Attempts, 0, 0, 0m, HashOf(command.Messages), null, tracing.TraceIdOf(execution));
                failed.RecordStages(ProviderOnly(latencyMs));
                var provider = catalog.Find(start.Model)?.Provider;
                TagOutcome(execution, failed, provider);
                await RecordAsync(failed, new ExecutionTelemetry(provider, command.Model, start.ModelsTried, []), execution);
                return ProviderFailed(start.Attempts, start.ModelsTried, start.ErrorType, start.ErrorMessage);
            }

            handedOver = true;
            return new ChatStream(start.Model, start.Simulated, Pieces(command, start, started, startedAt, execution, cancellationToken));
        }
        catch (Exception ex)
        {
            PromptConsoleTracing.SetError(execution, ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : ex.GetType().FullName ?? "exception");
            throw;
        }
        finally
        {
            if (!handedOver)
                execution?.Dispose();
        }
    }

    private async IAsyncEnumerable<ChatStreamPiece> Pieces(
        ChatCommand command, ModelStreamStart start, long started, DateTimeOffset startedAt, Activity? execution, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        UsageDetails? usage = null;
        var outcome = ExecutionOutcome.Cancelled;
        ExecutionRecord? record = null;
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
                    yield return new ChatStreamPiece(piece, null);
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

            // Recorded however the stream ended: finished, failed upstream, or abandoned by the client.
            // This runs in the reader's flow, not under the execution span, so the log scope is opened again.
            using (ExecutionScope(logger, RecordKey))
                record = await RecordStreamAsync(command, start, started, startedAt, outcome, text.ToString(), usage, execution);
            execution?.Dispose();
        }

        yield return new ChatStreamPiece(null, new ChatAnswer(record.Id, text.ToString(), start.Model, start.Attempts, record.InputTokens, record.OutputTokens, record.CostUsd, start.Simulated));
    }

    private async Task<ExecutionRecord> RecordStreamAsync(
        ChatCommand command, ModelStreamStart start, long started, DateTimeOffset startedAt, ExecutionOutcome outcome, string output, UsageDetails? usage, Activity? execution)
    {
        var inputTokens = usage?.InputTokenCount is { } i ? (int)i : command.Messages.Sum(m => TokenEstimator.Estimate(m.Text));
        var outputTokens = usage?.OutputTokenCount is { } o ? (int)o : TokenEstimator.Estimate(output);
        var cost = catalog.Find(start.Model)?.Cost(inputTokens, outputTokens) ?? 0m;
        var errorType = outcome switch
        {
            ExecutionOutcome.ProviderFailed => "stream_interrupted",
            ExecutionOutcome.Cancelled => "cancelled",
            _ => null,
        };
        var latencyMs = time.GetElapsedTime(started).TotalMilliseconds;
        var record = NewRecord(command, startedAt);
        record.Complete(outcome, start.Model, start.Simulated, errorType, latencyMs, start.Attempts, inputTokens, outputTokens, cost, HashOf(command.Messages), ContentHash.Hex(output), tracing.TraceIdOf(execution));
        record.RecordStages(ProviderOnly(latencyMs));
        var provider = catalog.Find(start.Model)?.Provider;
        TagOutcome(execution, record, provider);
        await RecordAsync(record, new ExecutionTelemetry(provider, command.Model, start.ModelsTried, []), execution);
        return record;
    }

    /// <summary>Writes the record and counts it in the metrics, under a <c>record</c> span of the execution.</summary>
    private async Task RecordAsync(ExecutionRecord record, ExecutionTelemetry telemetry, Activity? execution)
    {
        using var span = tracing.StartStage(ExecutionStages.Record, execution);
        await recorder.RecordAsync(record, CancellationToken.None);
        metrics.RecordExecution(record, telemetry);
        store.Observe(ExecutionObservations.Of(record, telemetry), time.GetUtcNow());
    }

    private Activity? StartExecution(ChatCommand command, bool streamed)
    {
        var execution = tracing.StartExecution(RecordKey);
        if (execution is not { IsAllDataRequested: true })
            return execution;
        execution.SetTag(SpanAttributeNames.ExecutionOrigin, "openai_compatible");
        execution.SetTag(SpanAttributeNames.RouteKind, "openai");
        execution.SetTag(SpanAttributeNames.RouteId, command.Model);
        execution.SetTag(SpanAttributeNames.GenAiRequestModel, command.Model);
        if (command.Temperature is { } temperature)
            execution.SetTag(SpanAttributeNames.GenAiRequestTemperature, temperature);
        if (command.MaxTokens is { } maxTokens)
            execution.SetTag(SpanAttributeNames.GenAiRequestMaxTokens, maxTokens);
        if (streamed)
            execution.SetTag(SpanAttributeNames.Streamed, true);
        return execution;
    }

    private static void TagOutcome(Activity? execution, ExecutionRecord record, string? provider)
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
        if (record.Outcome != ExecutionOutcome.ProviderFailed || record.OutputTokens > 0)
        {
            execution.SetTag(SpanAttributeNames.GenAiResponseModel, record.Model);
            PromptConsoleTracing.SetUsage(execution, record.InputTokens, record.OutputTokens);
        }

        if (record.Simulated)
            execution.SetTag(SpanAttributeNames.ModelSimulated, true);
    }

    /// <summary>A chat completion has no route, render, cache or checks stage: all of its time is the provider's.</summary>
    private static StageTimings ProviderOnly(double providerMs) => new(null, null, null, providerMs, null);

    private static ModelCallRequest ToRequest(ChatCommand command) =>
        new(new ModelSettings(command.Model, command.Temperature, command.MaxTokens, command.Fallbacks), null, string.Empty, command.Messages);

    private static ExecutionRecord NewRecord(ChatCommand command, DateTimeOffset startedAt) =>
        new(Guid.CreateVersion7(startedAt), startedAt, RecordKey, 0, "openai", command.Model, null, command.User, ExecutionOrigin.OpenAiCompatible);

    private static string HashOf(IReadOnlyList<ChatMessage> messages) =>
        ContentHash.Hex(string.Join("\n", messages.Select(m => $"{m.Role.Value}: {m.Text}")));

    private static Error ProviderFailed(int attempts, IReadOnlyList<string> modelsTried, string? errorType, string? message) =>
        new(ErrorKind.ProviderFailed, "provider-failed",
            $"The model provider failed after {attempts} attempt(s) across {string.Join(" → ", modelsTried)}: {message ?? errorType}",
            [new FieldError("model", $"{errorType}: {message}")]);
}
