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
/// </summary>
public sealed class ChatCompletionGateway(IModelInvoker invoker, IModelCatalog catalog, IExecutionRecorder recorder, PromptConsoleMetrics metrics, IMetricsStore store, TimeProvider time)
{
    public const string RecordKey = "_chat";

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

    public async Task<Result<ChatAnswer>> CompleteAsync(ChatCommand command, CancellationToken cancellationToken)
    {
        var checkedCommand = Check(command);
        if (!checkedCommand.IsSuccess)
            return checkedCommand.Error!;

        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();
        var outcome = await invoker.InvokeAsync(ToRequest(command), cancellationToken);
        var cost = catalog.Find(outcome.Model)?.Cost(outcome.InputTokens, outcome.OutputTokens) ?? 0m;
        var record = NewRecord(command, startedAt);
        record.Complete(
            outcome.Succeeded ? ExecutionOutcome.Success : ExecutionOutcome.ProviderFailed,
            outcome.Model,
            outcome.Simulated,
            outcome.Succeeded ? null : outcome.ErrorType,
            time.GetElapsedTime(started).TotalMilliseconds,
            outcome.Attempts,
            outcome.InputTokens,
            outcome.OutputTokens,
            cost,
            HashOf(command.Messages),
            outcome.Text is null ? null : ContentHash.Hex(outcome.Text),
            System.Diagnostics.Activity.Current?.TraceId.ToHexString());
        await recorder.RecordAsync(record, CancellationToken.None);
        Observe(record, new ExecutionTelemetry(catalog.Find(outcome.Model)?.Provider, command.Model, outcome.ModelsTried, []));

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
        var checkedCommand = Check(command);
        if (!checkedCommand.IsSuccess)
            return checkedCommand.Error!;

        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();
        var start = await invoker.StartStreamAsync(ToRequest(command), cancellationToken);
        if (!start.Succeeded)
        {
            var failed = NewRecord(command, startedAt);
            failed.Complete(ExecutionOutcome.ProviderFailed, start.Model, start.Simulated, start.ErrorType, time.GetElapsedTime(started).TotalMilliseconds, start.Attempts, 0, 0, 0m, HashOf(command.Messages), null, System.Diagnostics.Activity.Current?.TraceId.ToHexString());
            await recorder.RecordAsync(failed, CancellationToken.None);
            Observe(failed, new ExecutionTelemetry(catalog.Find(start.Model)?.Provider, command.Model, start.ModelsTried, []));
            return ProviderFailed(start.Attempts, start.ModelsTried, start.ErrorType, start.ErrorMessage);
        }

        return new ChatStream(start.Model, start.Simulated, Pieces(command, start, started, startedAt, cancellationToken));
    }

    private async IAsyncEnumerable<ChatStreamPiece> Pieces(
        ChatCommand command, ModelStreamStart start, long started, DateTimeOffset startedAt, [EnumeratorCancellation] CancellationToken cancellationToken)
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
            record = await RecordStreamAsync(command, start, started, startedAt, outcome, text.ToString(), usage);
        }

        yield return new ChatStreamPiece(null, new ChatAnswer(record.Id, text.ToString(), start.Model, start.Attempts, record.InputTokens, record.OutputTokens, record.CostUsd, start.Simulated));
    }

    private async Task<ExecutionRecord> RecordStreamAsync(
        ChatCommand command, ModelStreamStart start, long started, DateTimeOffset startedAt, ExecutionOutcome outcome, string output, UsageDetails? usage)
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
        var record = NewRecord(command, startedAt);
        record.Complete(outcome, start.Model, start.Simulated, errorType, time.GetElapsedTime(started).TotalMilliseconds, start.Attempts, inputTokens, outputTokens, cost, HashOf(command.Messages), ContentHash.Hex(output), System.Diagnostics.Activity.Current?.TraceId.ToHexString());
        await recorder.RecordAsync(record, CancellationToken.None);
        Observe(record, new ExecutionTelemetry(catalog.Find(start.Model)?.Provider, command.Model, start.ModelsTried, []));
        return record;
    }

    private static ModelCallRequest ToRequest(ChatCommand command) =>
        new(new ModelSettings(command.Model, command.Temperature, command.MaxTokens, command.Fallbacks), null, string.Empty, command.Messages);

    /// <summary>Counts a finished call on <c>/metrics</c> and in the metrics store.</summary>
    private void Observe(ExecutionRecord record, ExecutionTelemetry telemetry)
    {
        metrics.RecordExecution(record, telemetry);
        store.Observe(ExecutionObservations.Of(record, telemetry), time.GetUtcNow());
    }

    private static ExecutionRecord NewRecord(ChatCommand command, DateTimeOffset startedAt) =>
        new(Guid.CreateVersion7(startedAt), startedAt, RecordKey, 0, "openai", command.Model, null, command.User, ExecutionOrigin.OpenAiCompatible);

    private static string HashOf(IReadOnlyList<ChatMessage> messages) =>
        ContentHash.Hex(string.Join("\n", messages.Select(m => $"{m.Role.Value}: {m.Text}")));

    private static Error ProviderFailed(int attempts, IReadOnlyList<string> modelsTried, string? errorType, string? message) =>
        new(ErrorKind.ProviderFailed, "provider-failed",
            $"The model provider failed after {attempts} attempt(s) across {string.Join(" → ", modelsTried)}: {message ?? errorType}",
            [new FieldError("model", $"{errorType}: {message}")]);
}
