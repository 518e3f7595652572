using System.Globalization;

namespace PromptConsole.Domain.GoldenSets;

/// <summary>The last golden run of one version, as the gate needs it.</summary>
public sealed record GoldenRunOutcome(int Version, bool Passed, int CaseCount, int FailedCount, DateTimeOffset CompletedAt);

/// <summary>Whether a version may be released; <see cref="Refusal"/> says why not, in a sentence.</summary>
public sealed record GoldenGateDecision(bool Allowed, string? Refusal)
{
    public static readonly GoldenGateDecision Allow = new(true, null);

    public static GoldenGateDecision Refuse(string reason) => new(false, reason);
}

/// <summary>
/// The golden gate's rule. A version whose last golden run failed is refused. A version never run is
/// refused only when the prompt requires a passing run (and then also when there are no cases to run,
/// since nothing could ever satisfy the requirement). Runs of unsaved drafts never count.
/// </summary>
public static class GoldenGatePolicy
{
    public static GoldenGateDecision Decide(int version, bool requireGoldenPass, int caseCount, GoldenRunOutcome? lastRun)
    {
        if (lastRun is { Passed: false } failed)
        {
            return GoldenGateDecision.Refuse(
                $"The last golden run of v{version} (at {When(failed.CompletedAt)}) failed {failed.FailedCount} of {failed.CaseCount} case{(failed.CaseCount == 1 ? "" : "s")}.");
        }

        if (lastRun is not null || !requireGoldenPass)
            return GoldenGateDecision.Allow;

        return caseCount == 0
            ? GoldenGateDecision.Refuse($"This prompt requires a passing golden run before release, but its golden set has no cases: add cases and run them against v{version}.")
            : GoldenGateDecision.Refuse($"v{version} has no golden run; this prompt requires a passing one before release.");
    }

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
