using System.Globalization;

namespace PromptConsole.Domain.Rollouts;

/// <summary>Executions and the share of them that failed, over one window.</summary>
public sealed record ErrorRateSample(long Executions, double ErrorRate);

/// <summary>
/// <paramref name="State"/>: <see cref="RecoveryAssessment.Recovered"/>, <see cref="RecoveryAssessment.NotRecovered"/>
/// or <see cref="RecoveryAssessment.NoTraffic"/>; <paramref name="Reason"/> says it with the figures.
/// </summary>
public sealed record RecoveryVerdict(string State, string Reason);

/// <summary>
/// Did the error rate come back down after an automatic rollback? It compares the version that lost the traffic
/// (its last minutes before the rollback) with the version that got it back (the watch window after).
/// <para>
/// Recovered: after the rollback the error rate is at most half of what it was, or at most a small absolute floor
/// (default 2 %), whichever is higher — <c>after ≤ max(before / 2, floor)</c>. Halving says the rollback removed the
/// cause of most failures; the floor keeps a version with a normal background of failures from being judged
/// unrecovered after a rollback from a slightly worse one. No executions after the rollback: no traffic, nothing to
/// judge (shown as such, never as recovered).
/// </para>
/// </summary>
public static class RecoveryAssessment
{
    public const string Watching = "watching";
    public const string Recovered = "recovered";
    public const string NotRecovered = "not-recovered";
    public const string NoTraffic = "no-traffic";

    public const double DefaultErrorRateFloor = 0.02;

    /// <summary>The error rate at or below which the traffic counts as recovered.</summary>
    public static double Threshold(ErrorRateSample before, double errorRateFloor)
    {
        ArgumentNullException.ThrowIfNull(before);
        var half = before.Executions > 0 ? before.ErrorRate / 2 : 0;
        return Math.Max(half, errorRateFloor);
    }

    public static RecoveryVerdict Assess(ErrorRateSample before, ErrorRateSample after, double errorRateFloor = DefaultErrorRateFloor)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);

        var was = before.Executions > 0 ? Percent(before.ErrorRate) : "no data";
        if (after.Executions == 0)
            return new RecoveryVerdict(NoTraffic, $"no executions after the rollback (error rate before: {was})");

        var threshold = Threshold(before, errorRateFloor);
        var figures = $"error rate {was} → {Percent(after.ErrorRate)} over {after.Executions} execution{(after.Executions == 1 ? string.Empty : "s")}";
        return after.ErrorRate <= threshold
            ? new RecoveryVerdict(Recovered, $"{figures}, at or below {Percent(threshold)}")
            : new RecoveryVerdict(NotRecovered, $"{figures}, above {Percent(threshold)}");
    }

    private static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
