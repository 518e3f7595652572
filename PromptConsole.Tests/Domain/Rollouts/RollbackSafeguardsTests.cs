using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Tests.Domain.Rollouts;

/// <summary>The safeguards of automatic rollback, case by case: 15 minutes apart, at most 3 in a rolling 24 hours.</summary>
public sealed class RollbackSafeguardsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// <paramref name="previousMinutesAgo"/>: the previous automatic rollbacks, in minutes before now (space separated, empty for none).
    /// <paramref name="availableAgain"/>: "HH:mm" or "yyyy-MM-dd HH:mm" (UTC) when refused.
    /// </summary>
    [Theory]
    [InlineData("none before: allowed", "", true, 0, null, null)]
    [InlineData("one long ago: allowed", "600", true, 1, null, null)]
    [InlineData("exactly 15 minutes after the last: allowed", "15", true, 1, null, null)]
    [InlineData("7 minutes after the last: refused until it is 15", "7", false, 1, "12:38", "last automatic rollback 7 minutes ago")]
    [InlineData("seconds after the last: refused", "0.5", false, 1, "12:44", "last automatic rollback less than a minute ago")]
    [InlineData("14 minutes 59 after the last: still refused", "14.99", false, 1, "12:30", "the next may run at 12:30 UTC")]
    [InlineData("two today, the last 16 minutes ago: allowed", "300 16", true, 2, null, null)]
    [InlineData("third of the day 16 minutes after the second: allowed", "32 16", true, 2, null, null)]
    [InlineData("a fourth in 24 hours: manual only until the oldest leaves the window", "48 32 16", false, 3, "2026-01-16 11:42", "3 automatic rollbacks in the last 24 hours (rolling), the limit is 3; manual only until 2026-01-16 11:42 UTC")]
    [InlineData("the rolling window: 3 spread over yesterday evening and today still count", "1380 700 60", false, 3, "2026-01-15 13:30", "manual only until")]
    [InlineData("one 24 hours ago exactly has left the window", "1440 700 60", true, 2, null, null)]
    [InlineData("midnight does not reset the count", "800 760 740", false, 3, "2026-01-15 23:10", "3 automatic rollbacks in the last 24 hours")]
    [InlineData("older ones do not count toward the limit", "3000 2000 1500 60", true, 1, null, null)]
    [InlineData("a fourth within the interval too: the later of both times", "1439 20 5", false, 3, "2026-01-15 12:40", "manual only")]
    [InlineData("a rollback stamped in the future (clock skew) counts as just now", "-1", false, 1, "12:46", "less than a minute ago")]
    public void Decides_whether_one_more_automatic_rollback_may_run(
        string rule, string previousMinutesAgo, bool allowed, int inLast24Hours, string? availableAgain, string? reasonContains)
    {
        var previous = previousMinutesAgo.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(m => Now - TimeSpan.FromMinutes(double.Parse(m, System.Globalization.CultureInfo.InvariantCulture)));

        var decision = RollbackSafeguards.Decide(previous, Now, RollbackSafeguardLimits.Default);

        Assert.True(allowed == decision.Allowed, $"{rule}: expected allowed={allowed}, got {decision.Allowed} ({decision.Reason})");
        Assert.Equal(inLast24Hours, decision.RollbacksInLast24Hours);
        if (allowed)
        {
            Assert.Null(decision.Reason);
            Assert.Null(decision.AvailableAgainAt);
            return;
        }

        Assert.Contains(reasonContains!, decision.Reason, StringComparison.Ordinal);
        var format = availableAgain!.Length == 5 ? "HH:mm" : "yyyy-MM-dd HH:mm";
        Assert.Equal(availableAgain, decision.AvailableAgainAt!.Value.UtcDateTime.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_interval_reason_names_the_minutes_ago_and_the_next_time()
    {
        var decision = RollbackSafeguards.Decide([Now.AddMinutes(-7)], Now, RollbackSafeguardLimits.Default);

        Assert.Equal("last automatic rollback 7 minutes ago, at least 15 minutes must pass between two; the next may run at 12:38 UTC", decision.Reason);
    }

    [Theory]
    [InlineData("a stricter limit of one a day", 1, 5, "60", false)]
    [InlineData("no interval at all", 3, 0, "0.1", true)]
    public void Follows_configured_limits(string rule, int maxPerDay, int intervalMinutes, string previousMinutesAgo, bool allowed)
    {
        var limits = new RollbackSafeguardLimits(TimeSpan.FromMinutes(intervalMinutes), maxPerDay);
        var previous = new[] { Now - TimeSpan.FromMinutes(double.Parse(previousMinutesAgo, System.Globalization.CultureInfo.InvariantCulture)) };

        Assert.True(allowed == RollbackSafeguards.Decide(previous, Now, limits).Allowed, rule);
    }
}
