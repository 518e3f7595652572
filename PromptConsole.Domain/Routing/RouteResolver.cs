using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Routing;

/// <summary>Why a request got the version it got. Canary, experiment and kill-switch kinds join these.</summary>
public enum RouteKind
{
    Version,
    Label,
}

/// <summary>What the caller asked for: a pinned version wins over a label; with neither, <c>production</c>.</summary>
public sealed record RouteRequest(int? Version = null, string? Label = null, string? Subject = null);

/// <summary>
/// The chosen version and the route that chose it. <paramref name="RouteId"/> names the rule
/// (a label name, a version, later a canary or experiment id); <paramref name="Arm"/> the arm within it.
/// </summary>
public sealed record RouteDecision(RouteKind Kind, string RouteId, string? Arm, int VersionNumber);

public static class RouteResolver
{
    /// <summary>
    /// First match wins: requested version → requested label → <c>production</c>.
    /// Later rules (kill switch, canary, experiment) slot in ahead of the label step.
    /// </summary>
    public static Result<RouteDecision> Resolve(PromptSnapshot prompt, RouteRequest request)
    {
        if (request.Version is { } pinned)
        {
            // A pinned deprecated version still serves: callers that pinned it must not break.
            return prompt.Versions.ContainsKey(pinned)
                ? new RouteDecision(RouteKind.Version, $"v{pinned}", null, pinned)
                : Error.NotFound("version-not-found", $"Prompt '{prompt.Key}' has no version {pinned}.");
        }

        var label = string.IsNullOrEmpty(request.Label) ? LabelName.Production : request.Label;
        if (prompt.Labels.TryGetValue(label, out var version))
            return new RouteDecision(RouteKind.Label, label, null, version);

        return Error.NotFound(
            "label-not-found",
            request.Label is null
                ? $"Prompt '{prompt.Key}' has no '{LabelName.Production}' label yet: deploy a version, or pass a version or label."
                : $"Prompt '{prompt.Key}' has no label '{label}'.");
    }
}
