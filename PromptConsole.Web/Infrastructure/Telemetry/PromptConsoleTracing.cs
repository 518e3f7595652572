using PromptConsole.Domain.Routing;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using static PromptConsole.Web.Infrastructure.Telemetry.SpanAttributeNames;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>The child spans of an execution span, one per pipeline stage (provider attempts have their own).</summary>
public static class ExecutionStages
{
    public const string Route = "route";
    public const string Render = "render";
    public const string Cache = "cache";
    public const string OutputChecks = "output_checks";
    public const string Record = "record";
}

/// <summary>
/// The application's spans (activity source <see cref="SourceName"/>): one execution span per
/// prompt execution or chat completion, a child per stage and one <c>chat {model}</c> span per
/// provider attempt. With tracing switched off this host has no source at all, so every
/// <c>Start…</c> returns null whoever listens, and no trace id is reported.
/// </summary>
public sealed class PromptConsoleTracing : IDisposable
{
    public const string SourceName = "PromptConsole";

    private readonly ActivitySource? _source;

    public PromptConsoleTracing(IOptions<TracingOptions> options)
        : this(options.Value.Enabled)
    {
    }

    public PromptConsoleTracing(bool enabled)
    {
        if (enabled)
            _source = new ActivitySource(SourceName, typeof(PromptConsoleTracing).Assembly.GetName().Version?.ToString());
    }

    /// <summary>For components built on their own (unit tests, tools): never creates a span.</summary>
    public static PromptConsoleTracing Off { get; } = new(enabled: false);

    public bool Enabled => _source is not null;

    /// <summary>
    /// The span around one execution, a child of the current activity (the request's server span
    /// for API calls). It inherits the request id from that span so it can be found by it alone.
    /// </summary>
    public Activity? StartExecution(string promptKey)
    {
        if (_source is null || !_source.HasListeners())
            return null;
        var parent = Activity.Current;
        var activity = _source.StartActivity("execute " + promptKey, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiOperationName, ChatOperation);
            activity.SetTag(PromptKey, promptKey);
            if (parent?.GetTagItem(RequestId) is string requestId)
                activity.SetTag(RequestId, requestId);
        }

        return activity;
    }

    /// <summary>A stage of the current execution; null when not traced (or the trace is not sampled).</summary>
    public Activity? StartStage(string stage) => _source?.StartActivity(stage, ActivityKind.Internal);

    /// <summary>A stage started outside the execution's async flow (e.g. while a stream is read): its parent is explicit.</summary>
    public Activity? StartStage(string stage, Activity? execution) =>
        execution is null ? null : _source?.StartActivity(stage, ActivityKind.Internal, execution.Context);

    /// <summary>One call to a provider: <c>chat {model}</c>, a client span numbered across the whole fallback chain.</summary>
    public Activity? StartAttempt(string model, string provider, int attemptNumber, bool simulated, double? temperature, int? maxTokens)
    {
        if (_source is null || !_source.HasListeners())
            return null;
        var activity = _source.StartActivity(ChatOperation + " " + model, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GenAiOperationName, ChatOperation);
            activity.SetTag(GenAiProviderName, provider);
            activity.SetTag(GenAiRequestModel, model);
            activity.SetTag(AttemptNumber, attemptNumber);
            if (simulated)
                activity.SetTag(ModelSimulated, true);
            if (temperature is { } t)
                activity.SetTag(GenAiRequestTemperature, t);
            if (maxTokens is { } max)
                activity.SetTag(GenAiRequestMaxTokens, max);
        }

        return activity;
    }

    /// <summary>
    /// The trace id to report for an execution: its span's, else the current activity's (a request
    /// whose trace is not sampled still has one, and its log lines carry it). Null when tracing is off.
    /// </summary>
    public string? TraceIdOf(Activity? execution)
    {
        if (_source is null)
            return null;
        var activity = execution ?? Activity.Current;
        return activity is null ? null : activity.TraceId.ToHexString();
    }

    /// <summary>Marks a span failed: <c>error.type</c> plus status Error (the description is the type, never a message that could quote input).</summary>
    public static void SetError(Activity? activity, string errorType)
    {
        if (activity is null)
            return;
        activity.SetTag(ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error, errorType);
    }

    public static void SetUsage(Activity? activity, int inputTokens, int outputTokens)
    {
        if (activity is not { IsAllDataRequested: true })
            return;
        activity.SetTag(GenAiUsageInputTokens, inputTokens);
        activity.SetTag(GenAiUsageOutputTokens, outputTokens);
    }

    /// <summary>An experiment targeted the request but did not enrol it: the span names the experiment and why.</summary>
    public static void TagNotEnrolled(Activity? activity, NotEnrolled notEnrolled)
    {
        if (activity is not { IsAllDataRequested: true })
            return;
        activity.SetTag(SpanAttributeNames.Experiment, notEnrolled.ExperimentKey);
        activity.SetTag(SpanAttributeNames.ExperimentNotEnrolled, PromptConsoleMetrics.NotEnrolledReasonName(notEnrolled.Reason));
    }

    public void Dispose() => _source?.Dispose();
}
