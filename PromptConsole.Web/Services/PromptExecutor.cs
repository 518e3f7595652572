using System.Diagnostics;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Web.Services;

public sealed class PromptExecutor(
    IPromptSnapshotStore snapshots,
    ITemplateRenderer renderer,
    IModelInvoker invoker,
    IModelCatalog catalog,
    IExecutionRecorder recorder,
    PromptConsoleMetrics metrics,
    IMetricsStore store,
    TimeProvider time,
    ILogger<PromptExecutor> logger) : IPromptExecutor
{
    public async Task<Result<ExecutionResult>> ExecuteAsync(ExecuteCommand command, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();

        var prompt = await snapshots.GetAsync(command.PromptKey, cancellationToken);
        if (prompt is null)
            return Error.NotFound("prompt-not-found", $"There is no prompt '{command.PromptKey}'.");

        var route = RouteResolver.Resolve(prompt, new RouteRequest(command.Version, command.Label, command.Subject));
        if (!route.IsSuccess)
            return route.Error!;

        var version = prompt.Versions[route.Value.VersionNumber];
        var bound = VariableBinder.Bind(version.Variables, command.Variables);
        if (!bound.IsSuccess)
            return bound.Error!;

        var rendering = renderer.Render(version, bound.Value.Values);
        if (!rendering.IsSuccess)
            return rendering.Error!;

        var rendered = rendering.Value;
        var inputText = rendered.SystemText is null ? rendered.UserText : rendered.SystemText + "\n\n" + rendered.UserText;
        var record = new ExecutionRecord(
            Guid.CreateVersion7(startedAt),
            startedAt,
            prompt.Key,
            version.Number,
            RouteKindName(route.Value.Kind),
            route.Value.RouteId,
            route.Value.Arm,
            command.Subject,
            command.Origin);

        ModelCallOutcome outcome;
        try
        {
            outcome = await invoker.InvokeAsync(new ModelCallRequest(version.Model, rendered.SystemText, rendered.UserText), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up: still an execution that reached a version, so it is recorded.
            record.Complete(ExecutionOutcome.Cancelled, version.Model.Model, catalog.IsSimulated(version.Model.Model), "cancelled",
                time.GetElapsedTime(started).TotalMilliseconds, 0, 0, 0, 0m, ContentHash.Hex(inputText), null, Activity.Current?.TraceId.ToHexString());
            await RecordAsync(record, new ExecutionTelemetry(catalog.Find(version.Model.Model)?.Provider, version.Model.Model, [version.Model.Model], []));
            throw;
        }

        var cost = outcome.Succeeded || outcome.InputTokens > 0
            ? catalog.Find(outcome.Model)?.Cost(outcome.InputTokens, outcome.OutputTokens) ?? 0m
            : 0m;
        var traceId = Activity.Current?.TraceId.ToHexString();

        var checkFailures = outcome.Succeeded ? OutputCheckEvaluator.Evaluate(version.Checks, outcome.Text ?? string.Empty) : [];
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
        if (prompt.CaptureEnabled)
            record.Capture(inputText, outcome.Text, startedAt.AddDays(prompt.CaptureRetentionDays));

        await RecordAsync(record, new ExecutionTelemetry(catalog.Find(outcome.Model)?.Provider, version.Model.Model, outcome.ModelsTried, checkFailures.Select(f => f.Check).ToArray()));

        if (executionOutcome == ExecutionOutcome.ProviderFailed)
        {
            return new Error(
                ErrorKind.ProviderFailed,
                "provider-failed",
                $"The model provider failed after {outcome.Attempts} attempt(s) across {string.Join(" → ", outcome.ModelsTried)}: {outcome.ErrorMessage ?? outcome.ErrorType}",
                [new FieldError("model", $"{outcome.ErrorType}: {outcome.ErrorMessage}")]);
        }

        if (executionOutcome == ExecutionOutcome.OutputRejected)
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
            CacheLevel.Miss,
            outcome.Model,
            outcome.Simulated,
            outcome.Attempts,
            outcome.ModelsTried,
            new ExecutionUsage(outcome.InputTokens, outcome.OutputTokens),
            cost,
            latencyMs,
            traceId);
    }

    /// <summary>
    /// Recording waits only when the writer's buffer is full; it never waits for the database. A
    /// request finishing while the host shuts down still gets its answer; its record is refused
    /// (the recorder has drained and stopped) and that is logged rather than turned into a 500.
    /// </summary>
    private async Task RecordAsync(ExecutionRecord record, ExecutionTelemetry telemetry)
    {
        metrics.RecordExecution(record, telemetry);
        store.Observe(ExecutionObservations.Of(record, telemetry), time.GetUtcNow());
        try
        {
            await recorder.RecordAsync(record, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning(ex, "Execution {ExecutionId} of {PromptKey} finished during shutdown and was not recorded", record.Id, record.PromptKey);
        }
    }

    private static string RouteKindName(RouteKind kind) => kind switch
    {
        RouteKind.Version => "version",
        RouteKind.Label => "label",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
