using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Domain.Routing;

/// <summary>Why a request got the version it got.</summary>
public enum RouteKind
{
    Version,
    Label,
    KillSwitch,
    Experiment,
    Canary,
}

/// <summary>
/// What the caller asked for and who it is: a pinned version wins over everything; with neither version
/// nor label, <c>production</c>. <paramref name="Subject"/>, <paramref name="Tenant"/> and the free
/// <paramref name="Attributes"/> are what experiment targeting and assignment see. <paramref name="RequestKey"/>
/// (e.g. the execution id) stands in for a missing subject when a canary splits traffic: such requests are
/// spread by request, not held back from the candidate.
/// </summary>
public sealed record RouteRequest(
    int? Version = null,
    string? Label = null,
    string? Subject = null,
    string? Tenant = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    string? RequestKey = null)
{
    public RequestAttributes ToAttributes() => new(Subject, Tenant, Attributes);
}

/// <summary>
/// The chosen version and the route that chose it. <paramref name="RouteId"/> names the rule (a label
/// name, <c>vN</c> for a pinned version, the kill switch's flag key, the experiment key, the canary key);
/// <paramref name="Arm"/> the experiment arm or the canary arm (<see cref="CanaryArms"/>). <paramref name="NotEnrolled"/> is set on a label decision when an experiment
/// targeted the request but did not enrol it.
/// </summary>
public sealed record RouteDecision(RouteKind Kind, string RouteId, string? Arm, int VersionNumber, NotEnrolled? NotEnrolled = null);

public static class RouteResolver
{
    /// <summary>
    /// First match wins: pinned version → kill switch → canary → experiment → requested label →
    /// <c>production</c>. Pure: the same snapshot and request give the same decision in every process.
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

        // A kill switch whose safe version is not in the snapshot cannot serve it; the later rules still can.
        if (prompt.KillSwitch is { } killSwitch && prompt.Versions.ContainsKey(killSwitch.SafeVersion))
            return new RouteDecision(RouteKind.KillSwitch, killSwitch.FlagKey, null, killSwitch.SafeVersion);

        // A live canary owns the traffic of its label: after the kill switch (which overrides it) and before
        // experiments (which it overrides), so a release is never judged on an experiment's mixed traffic.
        var label = string.IsNullOrEmpty(request.Label) ? LabelName.Production : request.Label;
        if (ResolveCanary(prompt, label, request) is { } canaryDecision)
            return canaryDecision;

        var (decision, notEnrolled) = ResolveExperiment(prompt, request.ToAttributes());
        if (decision is not null)
            return decision;

        if (prompt.Labels.TryGetValue(label, out var version))
            return new RouteDecision(RouteKind.Label, label, null, version, notEnrolled);

        return Error.NotFound(
            "label-not-found",
            request.Label is null
                ? $"Prompt '{prompt.Key}' has no '{LabelName.Production}' label yet: deploy a version, or pass a version or label."
                : $"Prompt '{prompt.Key}' has no label '{label}'.");
    }

    /// <summary>
    /// The canary's arm for a request to its label; null when there is no canary on that label or a version
    /// it names is not in the snapshot. Without subject or request key the request stays on the baseline.
    /// </summary>
    private static RouteDecision? ResolveCanary(PromptSnapshot prompt, string label, RouteRequest request)
    {
        if (prompt.Canary is not { } canary || !string.Equals(canary.Label, label, StringComparison.Ordinal))
            return null;
        if (!prompt.Versions.ContainsKey(canary.BaselineVersion) || !prompt.Versions.ContainsKey(canary.CandidateVersion))
            return null;

        var key = request.Subject ?? request.RequestKey;
        return key is not null && canary.ServesCandidate(key)
            ? new RouteDecision(RouteKind.Canary, canary.Key, CanaryArms.Candidate, canary.CandidateVersion)
            : new RouteDecision(RouteKind.Canary, canary.Key, CanaryArms.Baseline, canary.BaselineVersion);
    }

    /// <summary>
    /// The first running experiment whose targeting the request passes owns it: enrolled, it gets the arm;
    /// not enrolled (no subject, outside coverage), it gets the label and no other experiment, so an
    /// experiment's excluded traffic never leaks into another one's sample.
    /// </summary>
    private static (RouteDecision? Decision, NotEnrolled? NotEnrolled) ResolveExperiment(PromptSnapshot prompt, in RequestAttributes attributes)
    {
        var experiments = prompt.Experiments ?? PromptExperiments.None;
        for (var i = 0; i < experiments.Count; i++)
        {
            var experiment = experiments[i];
            if (!experiment.IsRunning)
                continue;

            var assignment = experiment.Assign(attributes);
            switch (assignment.Outcome)
            {
                case AssignmentOutcome.NotTargeted:
                    continue;
                case AssignmentOutcome.NoSubject:
                    return (null, new NotEnrolled(experiment.Key, NotEnrolledReason.NoSubject));
                case AssignmentOutcome.OutsideCoverage:
                    return (null, new NotEnrolled(experiment.Key, NotEnrolledReason.OutsideCoverage));
            }

            var arm = experiment.Arms[assignment.ArmIndex];
            return prompt.Versions.ContainsKey(arm.Version)
                ? (new RouteDecision(RouteKind.Experiment, experiment.Key, arm.Name, arm.Version), null)
                : (null, new NotEnrolled(experiment.Key, NotEnrolledReason.UnknownVersion));
        }

        return (null, null);
    }
}
