using System.Text.Json.Nodes;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Tests.Services.Notifications;

public sealed class NotificationBodiesTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 12, 2, 22, 0, 0, 123, TimeSpan.Zero);

    private static NotificationMessage Message(string title = "Daily report", string text = "All quiet.", Guid? alertId = null, Dictionary<string, string?>? fields = null) =>
        new("daily-report", title, text, alertId, fields ?? []);

    [Fact]
    public void A_webhook_body_has_the_documented_members_in_order()
    {
        var deliveryId = Guid.Parse("0199a0b0-0000-7000-8000-000000000001");
        var body = JsonNode.Parse(NotificationBodies.Webhook(Message(fields: new() { ["date"] = "2026-12-02", ["prompt"] = null }), deliveryId, SentAt))!.AsObject();

        Assert.Equal(["kind", "title", "text", "alertId", "fields", "sentAt", "deliveryId"], body.Select(p => p.Key));
        Assert.Null(body["alertId"]);
        Assert.Equal("2026-12-02", (string?)body["fields"]!["date"]);
        Assert.True(body["fields"]!.AsObject().ContainsKey("prompt"));
        Assert.Null(body["fields"]!["prompt"]);
        Assert.Equal("2026-12-02T22:00:00.123Z", (string?)body["sentAt"]);
        Assert.Equal(deliveryId.ToString(), (string?)body["deliveryId"]);
    }

    [Fact]
    public void Text_is_written_as_is_not_html_escaped()
    {
        var body = System.Text.Encoding.UTF8.GetString(NotificationBodies.Webhook(Message(title: "p95 > 2 s & \"rising\" — é"), Guid.Empty, SentAt));

        Assert.Contains("\"title\":\"p95 > 2 s & \\\"rising\\\" — é\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slack_body_stays_within_slacks_limits()
    {
        var fields = Enumerable.Range(1, 14).ToDictionary(i => $"f{i}", i => (string?)new string('v', 2500));
        var body = JsonNode.Parse(NotificationBodies.Slack(Message(text: new string('x', 5000), fields: fields)))!;

        Assert.Equal(NotificationBodies.MaxSlackSectionText, ((string)body["text"]!).Length);
        Assert.EndsWith("…", (string)body["text"]!, StringComparison.Ordinal);
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal(NotificationBodies.MaxSlackSectionText, ((string)blocks[0]!["text"]!["text"]!).Length);
        var shown = blocks[1]!["fields"]!.AsArray();
        Assert.Equal(NotificationBodies.MaxSlackFields, shown.Count);
        Assert.All(shown, f => Assert.Equal(NotificationBodies.MaxSlackFieldText, ((string)f!["text"]!).Length));
    }

    [Fact]
    public void A_slack_body_without_fields_has_no_field_section()
    {
        var blocks = JsonNode.Parse(NotificationBodies.Slack(Message()))!["blocks"]!.AsArray();

        Assert.Equal(["section", "context"], blocks.Select(b => (string?)b!["type"]));
        Assert.Equal("PromptConsole · daily-report", (string?)blocks[1]!["elements"]![0]!["text"]);
    }
}
