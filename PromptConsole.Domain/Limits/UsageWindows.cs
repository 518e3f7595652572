using System.Globalization;

namespace PromptConsole.Domain.Limits;

/// <summary>
/// The fixed UTC windows limits are counted in: the second (requests), the minute (tokens) and the calendar month
/// (dollars). A window's key is the same text on every instance for the same instant, so counters kept in Redis or
/// the database under it are shared.
/// </summary>
public static class UsageWindows
{
    public static UsageWindowKind WindowOf(UsageLimitKind kind) => kind switch
    {
        UsageLimitKind.RequestsPerSecond => UsageWindowKind.Second,
        UsageLimitKind.TokensPerMinute => UsageWindowKind.Minute,
        _ => UsageWindowKind.Month,
    };

    /// <summary>e.g. <c>s20261203T062501</c>, <c>m202612030625</c>, <c>M202612</c> (the letter keeps kinds apart).</summary>
    public static string KeyOf(UsageWindowKind kind, DateTimeOffset now)
    {
        var start = StartOf(kind, now);
        return kind switch
        {
            UsageWindowKind.Second => "s" + start.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture),
            UsageWindowKind.Minute => "m" + start.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture),
            _ => "M" + start.ToString("yyyyMM", CultureInfo.InvariantCulture),
        };
    }

    public static DateTimeOffset StartOf(UsageWindowKind kind, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return kind switch
        {
            UsageWindowKind.Second => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero),
            UsageWindowKind.Minute => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero),
            _ => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    public static DateTimeOffset NextStartOf(UsageWindowKind kind, DateTimeOffset now)
    {
        var start = StartOf(kind, now);
        return kind switch
        {
            UsageWindowKind.Second => start.AddSeconds(1),
            UsageWindowKind.Minute => start.AddMinutes(1),
            _ => start.AddMonths(1),
        };
    }

    /// <summary>Whole seconds until the window after <paramref name="now"/>'s starts, at least 1 (a Retry-After of 0 invites a busy loop).</summary>
    public static int SecondsUntilNext(UsageWindowKind kind, DateTimeOffset now)
    {
        var seconds = Math.Ceiling((NextStartOf(kind, now) - now).TotalSeconds);
        return (int)Math.Max(1, seconds);
    }

    /// <summary>When a stored counter of the window may be deleted: a while after the window ended (months are kept a year for the usage views).</summary>
    public static DateTimeOffset ExpiresAt(UsageWindowKind kind, DateTimeOffset now)
    {
        var end = NextStartOf(kind, now);
        return kind switch
        {
            UsageWindowKind.Second => end.AddMinutes(1),
            UsageWindowKind.Minute => end.AddMinutes(2),
            _ => end.AddDays(366),
        };
    }
}

public enum UsageWindowKind
{
    Second,
    Minute,
    Month,
}
