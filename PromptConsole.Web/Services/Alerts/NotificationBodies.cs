using System.Globalization;
using System.Text.Json;

namespace PromptConsole.Web.Services.Alerts;

/// <summary>
/// The JSON a channel receives. A webhook gets
/// <c>{"kind", "title", "text", "alertId", "fields": {…}, "sentAt", "deliveryId"}</c>; a Slack-compatible channel gets
/// <c>{"text", "blocks"}</c>: <c>text</c> is the plain fallback Slack shows in notifications, the blocks a section with the
/// bold title and the text, a section of fields, and a context line naming the kind. Written with Utf8JsonWriter so the
/// bytes are exactly what is signed.
/// </summary>
public static class NotificationBodies
{
    /// <summary>Slack refuses a section text over 3,000 characters and a field over 2,000, and shows at most 10 fields.</summary>
    public const int MaxSlackSectionText = 3000;
    public const int MaxSlackFieldText = 2000;
    public const int MaxSlackFields = 10;

    public static byte[] Webhook(NotificationMessage message, Guid deliveryId, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("kind", message.Kind);
            json.WriteString("title", message.Title);
            json.WriteString("text", message.Text);
            if (message.AlertId is { } alertId)
                json.WriteString("alertId", alertId);
            else
                json.WriteNull("alertId");
            json.WriteStartObject("fields");
            foreach (var (name, value) in message.Fields)
                json.WriteString(name, value);
            json.WriteEndObject();
            json.WriteString("sentAt", sentAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("deliveryId", deliveryId);
            json.WriteEndObject();
        });
    }

    public static byte[] Slack(NotificationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("text", Cut($"{message.Title}: {message.Text}", MaxSlackSectionText));
            json.WriteStartArray("blocks");

            json.WriteStartObject();
            json.WriteString("type", "section");
            WriteMarkdown(json, "text", Cut($"*{Escape(message.Title)}*\n{Escape(message.Text)}", MaxSlackSectionText));
            json.WriteEndObject();

            var fields = message.Fields.Where(f => !string.IsNullOrEmpty(f.Value)).Take(MaxSlackFields).ToArray();
            if (fields.Length > 0)
            {
                json.WriteStartObject();
                json.WriteString("type", "section");
                json.WriteStartArray("fields");
                foreach (var (name, value) in fields)
                {
                    json.WriteStartObject();
                    json.WriteString("type", "mrkdwn");
                    json.WriteString("text", Cut($"*{Escape(name)}*\n{Escape(value!)}", MaxSlackFieldText));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteStartObject();
            json.WriteString("type", "context");
            json.WriteStartArray("elements");
            json.WriteStartObject();
            json.WriteString("type", "mrkdwn");
            json.WriteString("text", $"PromptConsole · {Escape(message.Kind)}");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Slack's mrkdwn reads &amp;, &lt; and &gt; as control characters (links, mentions); these three must be escaped.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static void WriteMarkdown(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(json);
        return stream.ToArray();
    }
}
