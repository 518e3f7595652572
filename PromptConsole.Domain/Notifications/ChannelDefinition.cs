namespace PromptConsole.Domain.Notifications;

/// <summary>
/// A valid channel: a trimmed name, its type, an absolute http(s) URL, the webhook signing secret (never for Slack,
/// whose URL is its secret), whether it receives the daily report and whether it is enabled.
/// </summary>
public sealed record ChannelDefinition(string Name, ChannelType Type, Uri Url, string? Secret, bool DailyReport, bool Enabled);
