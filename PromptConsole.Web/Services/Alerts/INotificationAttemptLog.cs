using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// A channel's recent delivery attempts, for the channels API and page. Kept apart from
/// <see cref="INotificationChannels"/> so that fakes of the delivery contract need not implement it.
/// </summary>
public interface INotificationAttemptLog
{
    /// <summary>The channel's latest <paramref name="take"/> attempts, newest first; 404 when the channel is unknown.</summary>
    Task<Result<IReadOnlyList<NotificationAttemptView>>> ListForChannelAsync(Guid channelId, int take, CancellationToken cancellationToken = default);
}
