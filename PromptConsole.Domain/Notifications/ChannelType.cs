namespace PromptConsole.Domain.Notifications;

/// <summary>
/// Where a channel delivers: a generic <see cref="Webhook"/> (a JSON body signed with the channel's secret) or a
/// <see cref="Slack"/>-compatible incoming webhook (Slack, Mattermost, Rocket.Chat: <c>{"text", "blocks"}</c>).
/// </summary>
public enum ChannelType
{
    Webhook,
    Slack,
}

/// <summary>Type names in the API and the console (<c>webhook</c>, <c>slack</c>).</summary>
public static class ChannelTypeNames
{
    public const string Webhook = "webhook";
    public const string Slack = "slack";

    public static string Of(ChannelType type) => type switch
    {
        ChannelType.Webhook => Webhook,
        ChannelType.Slack => Slack,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static ChannelType? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Webhook => ChannelType.Webhook,
        Slack => ChannelType.Slack,
        _ => null,
    };
}
