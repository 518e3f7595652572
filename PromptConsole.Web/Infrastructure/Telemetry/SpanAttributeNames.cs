namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// Attribute names on the application's spans: the OpenTelemetry GenAI semantic conventions where
/// they have a name for the thing, <c>promptconsole.*</c> otherwise. Dashboards and trace queries
/// depend on them, so they are never renamed. No attribute carries prompt or answer text.
/// </summary>
public static class SpanAttributeNames
{
    public const string GenAiOperationName = "gen_ai.operation.name";
    public const string GenAiProviderName = "gen_ai.provider.name";
    public const string GenAiRequestModel = "gen_ai.request.model";
    public const string GenAiRequestTemperature = "gen_ai.request.temperature";
    public const string GenAiRequestMaxTokens = "gen_ai.request.max_tokens";
    public const string GenAiResponseModel = "gen_ai.response.model";
    public const string GenAiUsageInputTokens = "gen_ai.usage.input_tokens";
    public const string GenAiUsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string ErrorType = "error.type";

    public const string PromptKey = "promptconsole.prompt.key";
    public const string PromptVersion = "promptconsole.prompt.version";
    public const string RouteKind = "promptconsole.route.kind";
    public const string RouteId = "promptconsole.route.id";
    public const string RouteArm = "promptconsole.route.arm";

    /// <summary>The experiment that routed the execution (its key); <see cref="RouteArm"/> is the arm.</summary>
    public const string Experiment = "promptconsole.experiment";

    /// <summary>Why the experiment in <see cref="Experiment"/> targeted the request but did not enrol it (no_subject, outside_coverage, unknown_version).</summary>
    public const string ExperimentNotEnrolled = "promptconsole.experiment.not_enrolled";
    public const string RequestId = "promptconsole.request.id";
    public const string ExecutionId = "promptconsole.execution.id";
    public const string ExecutionOutcome = "promptconsole.execution.outcome";
    public const string ExecutionOrigin = "promptconsole.execution.origin";
    public const string Attempts = "promptconsole.attempts";
    public const string AttemptNumber = "promptconsole.attempt.number";
    public const string ModelSimulated = "promptconsole.model.simulated";
    public const string CacheLevel = "promptconsole.cache.level";
    public const string Streamed = "promptconsole.streamed";

    /// <summary>The value of <see cref="GenAiOperationName"/> for every model call the gateway makes.</summary>
    public const string ChatOperation = "chat";
}
