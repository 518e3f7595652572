namespace PromptConsole.Domain.Reports;

/// <summary>When the daily report of a day is due: from the configured time of day (UTC) on the day after.</summary>
public static class DailyReportSchedule
{
    /// <summary>
    /// The day whose report is due at <paramref name="now"/>: yesterday once today's <paramref name="dailyAt"/> has passed,
    /// otherwise none (yesterday's figures are not final before then, and the day before was due yesterday).
    /// </summary>
    public static DateOnly? Due(DateTimeOffset now, TimeOnly dailyAt)
    {
        var utc = now.UtcDateTime;
        return TimeOnly.FromDateTime(utc) >= dailyAt ? DateOnly.FromDateTime(utc).AddDays(-1) : null;
    }
}
