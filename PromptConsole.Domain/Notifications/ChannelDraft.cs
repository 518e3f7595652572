namespace PromptConsole.Domain.Notifications;

/// <summary>
/// A channel as an operator sent it, before validation: every member may be missing so the validator can name it.
/// A <paramref name="Secret"/> that is empty means "no secret".
/// </summary>
public sealed record ChannelDraft(string? Name, string? Type, string? Url, string? Secret, bool? DailyReport, bool? Enabled);
