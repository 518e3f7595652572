namespace PromptConsole.Domain.Notifications;

/// <summary>What a notification is about; the webhook body's <c>kind</c> and the recorded attempts carry it.</summary>
public static class NotificationKinds
{
    public const string Firing = "firing";
    public const string Repeat = "repeat";
    public const string Escalation = "escalation";
    public const string Resolved = "resolved";
    public const string Test = "test";
    public const string DailyReport = "daily-report";

    /// <summary>The stored column's width; a kind is a short slug.</summary>
    public const int MaxLength = 32;
}
