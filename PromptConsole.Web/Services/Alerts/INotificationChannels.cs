using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// What an operator sends to create or replace a channel. <paramref name="Type"/> <c>webhook</c> (JSON body signed with
/// HMAC-SHA256 of <paramref name="Secret"/>) or <c>slack</c> (a Slack-compatible incoming webhook);
/// <paramref name="DailyReport"/> asks for the daily report.
/// </summary>
public sealed record ChannelCommand(string? Name, string? Type, string? Url, string? Secret, bool? DailyReport, bool? Enabled);

/// <summary>A channel as shown; the secret is never returned, only whether one is set.</summary>
public sealed record ChannelView(
    Guid Id,
    string Name,
    string Type,
    string Url,
    bool HasSecret,
    bool DailyReport,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// One message for a channel. <paramref name="Kind"/>: <c>firing</c>, <c>repeat</c>, <c>escalation</c>, <c>resolved</c>,
/// <c>test</c> or <c>daily-report</c>. <paramref name="Fields"/> go into the webhook body as they are (alert id, prompt,
/// severity, value, threshold …); <paramref name="Text"/> is the human line a Slack message shows.
/// </summary>
public sealed record NotificationMessage(
    string Kind,
    string Title,
    string Text,
    Guid? AlertId,
    IReadOnlyDictionary<string, string?> Fields);

/// <summary>
/// How a delivery ended after its retries: the attempts made and whether one succeeded. <paramref name="Reason"/> says
/// why it was not delivered (the channel is disabled, the last attempt's error), null when it was.
/// </summary>
public sealed record DeliveryOutcome(bool Delivered, IReadOnlyList<NotificationAttemptView> Attempts, string? Reason = null);

/// <summary>
/// Notification channels and delivery: each delivery retries with exponential backoff and jitter, and every attempt is
/// recorded (with the alert it belongs to). Changes are audited (<c>channel.*</c>).
/// </summary>
public interface INotificationChannels
{
    Task<IReadOnlyList<ChannelView>> ListAsync(CancellationToken cancellationToken = default);

    Task<Result<ChannelView>> GetAsync(Guid id, CancellationToken cancellationToken = default);

    Task<Result<ChannelView>> CreateAsync(ChannelCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<ChannelView>> UpdateAsync(Guid id, ChannelCommand command, string actor, CancellationToken cancellationToken = default);

    Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default);

    /// <summary>Delivers <paramref name="message"/> to the channel (404 when unknown, a not-delivered outcome when disabled or failing).</summary>
    Task<Result<DeliveryOutcome>> DeliverAsync(Guid channelId, NotificationMessage message, CancellationToken cancellationToken = default);

    /// <summary>The console's "send test" button.</summary>
    Task<Result<DeliveryOutcome>> SendTestAsync(Guid channelId, string actor, CancellationToken cancellationToken = default);

    /// <summary>The recorded attempts for one alert, oldest first.</summary>
    Task<IReadOnlyList<NotificationAttemptView>> ListAttemptsAsync(Guid alertId, CancellationToken cancellationToken = default);
}
