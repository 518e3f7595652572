using PromptConsole.Domain.Routing;

namespace PromptConsole.Web.Services;

/// <summary>
/// Route kinds as records, responses, metrics and spans spell them. Records keep them as text, so they
/// are never renamed: <c>version</c>, <c>label</c>, <c>kill-switch</c>, <c>experiment</c>, <c>canary</c>.
/// </summary>
public static class RouteKindNames
{
    public const string Version = "version";
    public const string Label = "label";
    public const string KillSwitch = "kill-switch";
    public const string Experiment = "experiment";
    public const string Canary = "canary";

    public static string NameOf(RouteKind kind) => kind switch
    {
        RouteKind.Version => Version,
        RouteKind.Label => Label,
        RouteKind.KillSwitch => KillSwitch,
        RouteKind.Experiment => Experiment,
        RouteKind.Canary => Canary,
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The experiment an execution was routed by, from a stored route: its key when the kind is <c>experiment</c>.</summary>
    public static string? ExperimentOf(string routeKind, string routeId) => routeKind == Experiment ? routeId : null;
}
