using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptConsole.Web.Infrastructure.Providers;

/// <summary>
/// Writes the simulator's answers: readable sentences, chosen deterministically from a content hash,
/// that say plainly they are simulated. A prompt asking for JSON gets a small valid JSON object
/// with the keys the prompt's example object names, so output checks written for a real model's
/// answer (a required key, a regex) can pass against the simulator too.
/// </summary>
internal static partial class SimulatedAnswerWriter
{
    private const int MaxShapeKeys = 20;

    public const string Marker = "[simulated]";

    private const int ExcerptLength = 60;

    private static readonly string[] Sentences =
    [
        "The request can be handled in a few clear steps.",
        "First, the key facts in the input are identified.",
        "Next, they are restated in plain language.",
        "The most important point comes first.",
        "Edge cases are noted where they change the outcome.",
        "No external sources were consulted.",
        "The tone stays neutral and concise.",
        "A short example makes the idea concrete.",
        "Assumptions are listed so they can be checked.",
        "The result should be reviewed before it is relied on.",
        "Where the input is ambiguous, the safer reading is chosen.",
        "Each point builds on the previous one.",
        "Jargon is avoided where a plain word will do.",
        "Follow-up questions are welcome if anything is unclear.",
        "The answer is kept short so it is easy to scan.",
        "Figures are rounded to two decimal places.",
        "Trade-offs are named rather than hidden.",
        "The recommendation is the simplest option that works.",
        "Nothing here depends on information outside the prompt.",
        "A real model would phrase this in its own words.",
    ];

    public static bool AsksForJson(string text) => text.Contains("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Text of roughly <paramref name="outputTokens"/> tokens (four characters each).</summary>
    public static string WriteText(string model, string? promptExcerpt, ulong contentHash, int outputTokens)
    {
        var targetLength = outputTokens * TokenEstimator.CharactersPerToken;
        var builder = new StringBuilder(targetLength + 64);
        builder.Append(Marker).Append(' ').Append(model).Append(" answering");
        if (!string.IsNullOrWhiteSpace(promptExcerpt))
            builder.Append(" \"").Append(Excerpt(promptExcerpt)).Append('"');
        builder.Append(". No model was called.");
        AppendSentences(builder, contentHash, targetLength);
        return builder.ToString();
    }

    /// <summary>
    /// A JSON object whose "answer" is sized so the whole object is about <paramref name="outputTokens"/>
    /// tokens. Keys named in <paramref name="promptText"/>'s example object (<c>{"order_id": string,
    /// "items": [string]}</c>) come first, each with a placeholder value of the shape shown.
    /// </summary>
    public static string WriteJson(string model, ulong contentHash, int outputTokens, string? promptText = null)
    {
        var shape = promptText is null ? [] : ShapeKeys(promptText);
        var answer = new StringBuilder(outputTokens * TokenEstimator.CharactersPerToken);
        answer.Append(Marker);
        // The object's own keys take about 70 characters, and each requested key about 30 more.
        AppendSentences(answer, contentHash, Math.Max(0, outputTokens * TokenEstimator.CharactersPerToken - 70 - (30 * shape.Count)));
        var confidence = 0.5 + (contentHash % 50) / 100.0;

        var buffer = new ArrayBufferWriter<byte>(answer.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("simulated", true);
            foreach (var (key, isList) in shape)
            {
                if (isList)
                {
                    writer.WriteStartArray(key);
                    writer.WriteStringValue($"{Marker} {key}");
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteString(key, $"{Marker} {key}");
                }
            }

            writer.WriteString("model", model);
            writer.WriteString("answer", answer.ToString());
            writer.WriteNumber("confidence", confidence);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The keys of the first example object in the text (<c>"key": …</c> between braces), in order,
    /// and whether each one's example value is a list. Keys the answer always has are left out.
    /// </summary>
    public static IReadOnlyList<(string Key, bool IsList)> ShapeKeys(string text)
    {
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf('}', open);
        if (close < 0)
            return [];

        var keys = new List<(string, bool)>();
        foreach (Match match in ShapeKey().Matches(text[open..(close + 1)]))
        {
            var key = match.Groups["key"].Value;
            if (key is "simulated" or "model" or "answer" or "confidence" || keys.Exists(k => k.Item1 == key))
                continue;
            keys.Add((key, match.Groups["list"].Success));
            if (keys.Count == MaxShapeKeys)
                break;
        }

        return keys;
    }

    [GeneratedRegex("\"(?<key>[A-Za-z_][A-Za-z0-9_]{0,63})\"\\s*:\\s*(?<list>\\[)?", RegexOptions.CultureInvariant)]
    private static partial Regex ShapeKey();

    private static void AppendSentences(StringBuilder builder, ulong contentHash, int targetLength)
    {
        var state = contentHash;
        while (builder.Length < targetLength)
        {
            var sentence = Sentences[StableHash.Next(ref state) % (ulong)Sentences.Length];
            builder.Append(' ').Append(sentence);
        }
    }

    private static string Excerpt(string text)
    {
        var span = text.AsSpan().Trim();
        var cut = span.Length > ExcerptLength ? span[..ExcerptLength] : span;
        var excerpt = new StringBuilder(cut.Length + 1);
        foreach (var c in cut)
            excerpt.Append(char.IsControl(c) || c == '"' ? ' ' : c);
        if (span.Length > ExcerptLength)
            excerpt.Append('…');
        return excerpt.ToString();
    }
}
