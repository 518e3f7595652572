using System.Diagnostics;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using PromptConsole.Web.Infrastructure.Providers;
using PromptConsole.Web.Infrastructure.Telemetry;
using PromptConsole.Web.Infrastructure.Templates;

namespace PromptConsole.Web.Services;

/// <summary>
/// The front door of managed prompts (the execution API, the console, golden runs, generated traffic and
/// <c>model: "prompt:{key}"</c> on <c>/v1/chat/completions</c>): routes the request to a version and renders it, each
/// stage timed onto the record and traced as a child of one execution span, then hands it to the
/// <see cref="ExecutionPipeline"/> every execution runs through.
/// </summary>
public sealed class PromptExecutor(
    IPromptSnapshotStore snapshots,
    ITemplateRenderer renderer,
    IModelCatalog catalog,
    ExecutionPipeline pipeline,
    PromptConsoleMetrics metrics,
    PromptConsoleTracing tracing,
    TimeProvider time) : IPromptExecutor
{
    public async Task<Result<ExecutionResult>> ExecuteAsync(ExecuteCommand command, CancellationToken cancellationToken = default)
    {
        using var execution = Begin(command);
        using var scope = pipeline.LogScope(command.PromptKey);
        try
        {
            var prepared = await PrepareAsync(command, execution, cancellationToken);
            return prepared.IsSuccess ? await pipeline.CompleteAsync(prepared.Value, execution, cancellationToken) : prepared.Error!;
        }
        catch (Exception ex)
        {
            ExecutionPipeline.Failed(execution, ex, cancellationToken);
            throw;
        }
    }

    public async Task<Result<ExecutionStream>> StreamAsync(ExecuteCommand command, CancellationToken cancellationToken = default)
    {
        // Not `using`: a stream that starts takes the span over and ends it with the stream.
        var execution = Begin(command);
        execution?.SetTag(SpanAttributeNames.Streamed, true);
        using var scope = pipeline.LogScope(command.PromptKey);
        Result<PreparedExecution> prepared;
        try
        {
            prepared = await PrepareAsync(command, execution, cancellationToken);
        }
        catch (Exception ex)
        {
            ExecutionPipeline.Failed(execution, ex, cancellationToken);
            execution?.Dispose();
            throw;
        }

        if (!prepared.IsSuccess)
        {
            execution?.Dispose();
            return prepared.Error!;
        }

        return await pipeline.StreamAsync(prepared.Value, execution, cancellationToken);
    }

    private Activity? Begin(ExecuteCommand command)
    {
        // Only API calls join the caller's trace. A console circuit's request activity lives as long
        // as the circuit, so its runs (and generated traffic) start traces of their own. The change
        // stays inside the calling async method.
        if (command.Origin is not (ExecutionOrigin.Api or ExecutionOrigin.OpenAiCompatible))
            Activity.Current = null;
        return pipeline.StartExecution(command.PromptKey, command.Origin);
    }

    /// <summary>Admit, route, bind and render: what the pipeline needs to run this request, or why it cannot run.</summary>
    private async Task<Result<PreparedExecution>> PrepareAsync(ExecuteCommand command, Activity? execution, CancellationToken cancellationToken)
    {
        // The record keeps the tenant as given, so a longer one is refused rather than cut (two tenants must not merge).
        if (command.Tenant is { Length: > ExecutionRecord.MaxTenantLength })
            return ExecutionPipeline.Rejected(execution, Error.Validation("invalid-tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters.", [new FieldError("tenant", $"A tenant is at most {ExecutionRecord.MaxTenantLength} characters.")]));

        if (pipeline.Admit() is { } overloaded)
            return ExecutionPipeline.Rejected(execution, overloaded);

        var started = time.GetTimestamp();
        var startedAt = time.GetUtcNow();

        // Route: the prompt's current snapshot and the version this request goes to.
        var executionId = Guid.CreateVersion7(startedAt);
        PromptSnapshot? prompt;
        Result<RouteDecision> route;
        using (var routeSpan = tracing.StartStage(ExecutionStages.Route))
        {
            prompt = await snapshots.GetAsync(command.PromptKey, cancellationToken);
            if (prompt is null)
                return ExecutionPipeline.Rejected(execution, Error.NotFound("prompt-not-found", $"There is no prompt '{command.PromptKey}'."), routeSpan);
            // The execution id is drawn before routing: a canary spreads requests without a subject by it
            // (formatted only when the prompt has a canary and the request no subject, to keep the hot path lean).
            var requestKey = prompt.Canary is not null && command.Subject is null ? executionId.ToString("N") : null;
            route = RouteResolver.Resolve(prompt, new RouteRequest(command.Version, command.Label, command.Subject, command.Tenant, command.Attributes, requestKey));
            if (!route.IsSuccess)
                return ExecutionPipeline.Rejected(execution, route.Error!, routeSpan);
            if (route.Value.NotEnrolled is { } notEnrolled)
            {
                metrics.RecordNotEnrolled(prompt.Key, notEnrolled);
                PromptConsoleTracing.TagNotEnrolled(execution, notEnrolled);
            }
        }

        var stageStarted = time.GetTimestamp();
        var routeMs = time.GetElapsedTime(started, stageStarted).TotalMilliseconds;
        var version = prompt.Versions[route.Value.VersionNumber];
        var routeKind = RouteKindNames.NameOf(route.Value.Kind);
        TagRoute(execution, version, routeKind, route.Value);

        // Render: bind the variables and render the templates (timed as a metric too).
        Result<RenderedPrompt> rendering;
        BoundVariables variables;
        using (var renderSpan = tracing.StartStage(ExecutionStages.Render))
        {
            var bound = VariableBinder.Bind(version.Variables, command.Variables);
            if (!bound.IsSuccess)
                return ExecutionPipeline.Rejected(execution, bound.Error!, renderSpan);
            variables = bound.Value;
            rendering = renderer.Render(version, variables.Values);
            metrics.RecordTemplateRender(time.GetElapsedTime(stageStarted));
            if (!rendering.IsSuccess)
                return ExecutionPipeline.Rejected(execution, rendering.Error!, renderSpan);

            var estimatedInput = TokenEstimator.Estimate(rendering.Value.SystemText) + TokenEstimator.Estimate(rendering.Value.UserText);
            if (ContextBudget.Check(estimatedInput, catalog.Find(version.Model.Model)?.ContextWindow ?? 0, version.Model.Model) is { } tooLarge)
                return ExecutionPipeline.Rejected(execution, tooLarge, renderSpan);
        }

        var prepared = time.GetTimestamp();
        var rendered = rendering.Value;
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

        return new PreparedExecution
        {
            Record = record,
            Request = new ModelCallRequest(version.Model, rendered.SystemText, rendered.UserText),
            InputText = rendered.SystemText is null ? rendered.UserText : rendered.SystemText + "\n\n" + rendered.UserText,
            Started = started,
            Prepared = prepared,
            Route = route.Value,
            Prompt = prompt,
            Version = version,
            Variables = variables,
            Checks = version.Checks,
            Cache = prompt.ExactCache,
            BypassCache = command.BypassCache,
            ReturnRejectedOutput = command.ReturnRejectedOutput,
            CaptureRetentionDays = prompt.CaptureEnabled ? prompt.CaptureRetentionDays : null,
            RouteMs = routeMs,
            RenderMs = time.GetElapsedTime(stageStarted, prepared).TotalMilliseconds,
        };
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
}
