using PromptConsole.Domain.Execution;

namespace PromptConsole.Domain.Metrics;

/// <summary>
/// What one metric series is about: a prompt version as served by one route arm on one model.
/// Experiments compare arms, canaries compare versions, fallbacks show up as a second model.
/// </summary>
public sealed record MetricSeriesKey(string PromptKey, int PromptVersion, string? RouteArm, string Model)
{
    /// <summary>The route kind records of experiment executions carry (their route id is the experiment key).</summary>
    public const string ExperimentRouteKind = "experiment";

    /// <summary>
    /// The series of a record. An experiment's arm is stored as <c>&lt;experiment&gt;/&lt;arm&gt;</c>: arm
    /// names (control, treatment) repeat across experiments, and two experiments of one prompt would
    /// otherwise share a series.
    /// </summary>
    public static MetricSeriesKey Of(ExecutionRecord record) =>
        new(record.PromptKey, record.PromptVersion, ArmOf(record.RouteKind, record.RouteId, record.RouteArm), record.Model);

    public static string? ArmOf(string routeKind, string routeId, string? routeArm) =>
        routeArm is not null && routeKind == ExperimentRouteKind ? routeId + "/" + routeArm : routeArm;
}
