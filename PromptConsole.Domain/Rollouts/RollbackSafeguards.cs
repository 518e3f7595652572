using System.Globalization;

namespace PromptConsole.Domain.Rollouts;

/// <summary>The limits on automatic rollbacks of one prompt (manual rollbacks are never limited).</summary>
/// <param name="MinInterval">Time that must pass after an automatic rollback before the next one may run.</param>
/// <param name="MaxPer24Hours">Automatic rollbacks allowed in any rolling 24 hours; beyond them, manual only.</param>
public sealed record RollbackSafeguardLimits(TimeSpan MinInterval, int MaxPer24Hours)
{
    public static RollbackSafeguardLimits Default { get; } = new(TimeSpan.FromMinutes(15), 3);
}

/// <summary>
/// What the safeguards say about one more automatic rollback now. <paramref name="Reason"/> is a sentence for the
/// console and the audit trail when not allowed; <paramref name="AvailableAgainAt"/> is when automation may act again.
/// </summary>
public sealed record SafeguardDecision(bool Allowed, string? Reason, DateTimeOffset? AvailableAgainAt, int RollbacksInLast24Hours);

/// <summary>
/// The safeguards of automatic rollback, as a pure decision over the prompt's previous automatic rollbacks.
/// A flapping signal (an alert that fires again as soon as traffic settles) must not roll a prompt back and forth:
/// after one automatic rollback the next waits <see cref="RollbackSafeguardLimits.MinInterval"/>, and after
/// <see cref="RollbackSafeguardLimits.MaxPer24Hours"/> within a rolling 24 hours (not a calendar day, so midnight does
/// not reset the count) automation stands down and a human decides.
/// </summary>
public static class RollbackSafeguards
{
    /// <summary>The daily limit counts over a rolling window of this length, ending now.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static SafeguardDecision Decide(IEnumerable<DateTimeOffset> previousAutomaticRollbacks, DateTimeOffset now, RollbackSafeguardLimits limits)
    {
        ArgumentNullException.ThrowIfNull(previousAutomaticRollbacks);
        ArgumentNullException.ThrowIfNull(limits);

        // Ones "in the future" (another instance's clock ahead) count as just now: they did happen.
        var inWindow = previousAutomaticRollbacks.Where(at => at > now - Window).Order().ToArray();
        var count = inWindow.Length;

        if (count >= limits.MaxPer24Hours)
        {
            // The window frees a slot once enough of the oldest ones fall out of it.
            var freesAt = inWindow[count - limits.MaxPer24Hours] + Window;
            var intervalEnds = inWindow[^1] + limits.MinInterval;
            var availableAt = freesAt > intervalEnds ? freesAt : intervalEnds;
            var reason = $"{count} automatic rollback{Plural(count)} in the last 24 hours (rolling), the limit is {limits.MaxPer24Hours}; manual only until {Day(availableAt)}";
            return new SafeguardDecision(false, reason, availableAt, count);
        }

        if (count > 0)
        {
            var last = inWindow[^1];
            var elapsed = now - last;
            if (elapsed < limits.MinInterval)
            {
                var availableAt = last + limits.MinInterval;
                var reason = $"last automatic rollback {Ago(elapsed)}, at least {Minutes(limits.MinInterval)} must pass between two; the next may run at {Clock(availableAt)}";
                return new SafeguardDecision(false, reason, availableAt, count);
            }
        }

        return new SafeguardDecision(true, null, null, count);
    }

    private static string Ago(TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.FromMinutes(1))
            return "less than a minute ago";
        var minutes = (int)elapsed.TotalMinutes;
        return $"{minutes} minute{Plural(minutes)} ago";
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes == Math.Floor(span.TotalMinutes)
            ? $"{(int)span.TotalMinutes} minute{Plural((int)span.TotalMinutes)}"
            : $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} seconds";

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Plural(int n) => n == 1 ? string.Empty : "s";
}
