using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One delivery attempt (<c>NotificationAttempts</c>), kept whatever its outcome and after its channel is deleted
/// (the channel's name is copied so an alert's history still reads). <see cref="DeliveryId"/> groups the attempts of
/// one delivery and is sent to receivers so they can drop a retried duplicate.
/// </summary>
public sealed class NotificationAttemptRow
{
    /// <summary>Enough of an exception message or a receiver's answer to diagnose; the rest is cut.</summary>
    public const int MaxErrorLength = 500;

    private NotificationAttemptRow()
    {
        ChannelName = Kind = string.Empty;
    }

    public NotificationAttemptRow(
        Guid deliveryId,
        Guid channelId,
        string channelName,
        Guid? alertId,
        string kind,
        int attempt,
        DateTimeOffset at,
        bool succeeded,
        int? statusCode,
        string? error)
        : this()
    {
        Id = Guid.CreateVersion7(at);
        DeliveryId = deliveryId;
        ChannelId = channelId;
        ChannelName = channelName;
        AlertId = alertId;
        Kind = kind;
        Attempt = attempt;
        At = at;
        Succeeded = succeeded;
        StatusCode = statusCode;
        Error = Truncate(error);
    }

    public Guid Id { get; private set; }

    public Guid DeliveryId { get; private set; }

    public Guid ChannelId { get; private set; }

    public string ChannelName { get; private set; }

    public Guid? AlertId { get; private set; }

    public string Kind { get; private set; }

    /// <summary>1 for the first try of a delivery, 2 for its first retry …</summary>
    public int Attempt { get; private set; }

    public DateTimeOffset At { get; private set; }

    public bool Succeeded { get; private set; }

    /// <summary>The receiver's HTTP status; null when none came back (connection refused, timeout).</summary>
    public int? StatusCode { get; private set; }

    public string? Error { get; private set; }

    public NotificationAttemptView ToView() => new(Id, ChannelId, ChannelName, Kind, Attempt, At, Succeeded, StatusCode, Error);

    private static string? Truncate(string? error) =>
        error is null || error.Length <= MaxErrorLength ? error : string.Concat(error.AsSpan(0, MaxErrorLength - 1), "…");
}
