using System.Text.Json;
using System.Text.Json.Serialization;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Api;

/// <summary>
/// A channel body (POST, PUT). <c>type</c> is <c>webhook</c> or <c>slack</c>; <c>secret</c> signs webhook bodies
/// (16–256 characters, refused for Slack). On PUT an omitted <c>secret</c> keeps the stored one and <c>""</c> removes it;
/// an omitted <c>url</c>, or the masked one a view shows for Slack, keeps the stored URL.
/// </summary>
public sealed record ChannelBody(string? Name, string? Type, string? Url, string? Secret, bool? DailyReport, bool? Enabled)
{
    public ChannelCommand ToCommand() => new(Name, Type, Url, Secret, DailyReport, Enabled);
}

// Responses are the service's views: ChannelView (no secret, only hasSecret; a Slack URL's token masked),
// DeliveryOutcome ({delivered, attempts, reason}) and NotificationAttemptView.

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ChannelBody))]
[JsonSerializable(typeof(ChannelView))]
[JsonSerializable(typeof(IReadOnlyList<ChannelView>))]
[JsonSerializable(typeof(DeliveryOutcome))]
[JsonSerializable(typeof(IReadOnlyList<NotificationAttemptView>))]
public sealed partial class ChannelsJsonContext : JsonSerializerContext;
