using PromptConsole.Domain.Notifications;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Infrastructure.Persistence;

/// <summary>
/// One notification channel (<c>NotificationChannels</c>). The signing secret is stored as given, like the
/// installation secret, because signing needs it in clear; it never leaves through a view, only <c>HasSecret</c>.
/// </summary>
public sealed class NotificationChannelRow
{
    private NotificationChannelRow()
    {
        Name = Type = Url = CreatedBy = UpdatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    /// <summary><c>webhook</c> or <c>slack</c>.</summary>
    public string Type { get; private set; }

    public string Url { get; private set; }

    public string? Secret { get; private set; }

    public bool DailyReport { get; private set; }

    public bool Enabled { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    public ChannelType ChannelType => ChannelTypeNames.Parse(Type) ?? throw new InvalidOperationException($"Channel {Id} has an unknown stored type '{Type}'.");

    public static NotificationChannelRow New(ChannelDefinition definition, string actor, DateTimeOffset now)
    {
        var row = new NotificationChannelRow { Id = Guid.CreateVersion7(now), CreatedAt = now, CreatedBy = actor };
        row.Apply(definition, actor, now);
        return row;
    }

    public void Apply(ChannelDefinition definition, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Name = definition.Name;
        Type = ChannelTypeNames.Of(definition.Type);
        Url = definition.Url.OriginalString;
        Secret = definition.Secret;
        DailyReport = definition.DailyReport;
        Enabled = definition.Enabled;
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    public ChannelView ToView() =>
        new(Id, Name, Type, ChannelUrls.Redact(ChannelType, Url), Secret is not null, DailyReport, Enabled, CreatedAt, UpdatedAt);
}
