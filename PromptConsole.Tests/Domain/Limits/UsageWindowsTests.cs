using PromptConsole.Domain.Limits;

namespace PromptConsole.Tests.Domain.Limits;

public sealed class UsageWindowsTests
{
    public static TheoryData<string, UsageWindowKind, string, string> Keys => new()
    {
        { "second", UsageWindowKind.Second, "2026-12-03T06:25:01.900Z", "s20261203T062501" },
        { "second from another offset is the UTC second", UsageWindowKind.Second, "2026-12-03T08:25:01.000+02:00", "s20261203T062501" },
        { "minute", UsageWindowKind.Minute, "2026-12-03T06:25:59.999Z", "m202612030625" },
        { "month", UsageWindowKind.Month, "2026-12-31T23:59:59Z", "M202612" },
        { "month by UTC, not local date", UsageWindowKind.Month, "2027-01-01T00:30:00+01:00", "M202612" },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_window_key_is_the_UTC_second_minute_or_month(string name, UsageWindowKind kind, string now, string expected)
    {
        _ = name;
        Assert.Equal(expected, UsageWindows.KeyOf(kind, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static TheoryData<string, UsageLimitKind, string, int> RetryAfter => new()
    {
        { "rps mid-second", UsageLimitKind.RequestsPerSecond, "2026-12-03T06:25:01.300Z", 1 },
        { "rps on the boundary is still at least 1", UsageLimitKind.RequestsPerSecond, "2026-12-03T06:25:01.000Z", 1 },
        { "tpm at second 15", UsageLimitKind.TokensPerMinute, "2026-12-03T06:25:15.000Z", 45 },
        { "tpm rounds up", UsageLimitKind.TokensPerMinute, "2026-12-03T06:25:15.200Z", 45 },
        { "tpm in the last instant", UsageLimitKind.TokensPerMinute, "2026-12-03T06:25:59.999Z", 1 },
        { "budget a day before the month ends", UsageLimitKind.MonthlyBudget, "2026-12-31T00:00:00Z", 86_400 },
        { "budget over a year end", UsageLimitKind.MonthlyBudget, "2026-12-31T23:59:30Z", 30 },
        { "budget in February of a leap year", UsageLimitKind.MonthlyBudget, "2028-02-28T00:00:00Z", 2 * 86_400 },
    };

    [Theory]
    [MemberData(nameof(RetryAfter))]
    public void Retry_after_is_the_seconds_to_the_next_window_at_least_one(string name, UsageLimitKind kind, string now, int expected)
    {
        _ = name;
        Assert.Equal(expected, UsageDecision.RetryAfterSeconds(kind, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Counters_expire_after_their_window_is_over()
    {
        var now = DateTimeOffset.Parse("2026-12-03T06:25:01.5Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(UsageWindows.ExpiresAt(UsageWindowKind.Second, now) > UsageWindows.NextStartOf(UsageWindowKind.Second, now));
        Assert.True(UsageWindows.ExpiresAt(UsageWindowKind.Minute, now) > UsageWindows.NextStartOf(UsageWindowKind.Minute, now));
        Assert.True(UsageWindows.ExpiresAt(UsageWindowKind.Month, now) > now.AddDays(365));
    }
}
