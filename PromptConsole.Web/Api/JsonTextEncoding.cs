using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace PromptConsole.Web.Api;

/// <summary>What is wrong with a body's text: bytes that are not UTF-8, or a JSON escape that leaves half a surrogate pair.</summary>
public enum EncodingFaultKind
{
    InvalidUtf8,
    LoneSurrogate,
}

/// <summary>Where a body's text is broken: the JSON path of the string (camelCase as sent, <c>body</c> when unknown) and the byte offset.</summary>
public sealed record EncodingFault(EncodingFaultKind Kind, string Field, long ByteOffset, bool InPropertyName);

/// <summary>
/// Finds text a request body cannot carry. System.Text.Json reads a lone surrogate escape
/// (<c>"\ud800"</c>) and, inside <see cref="JsonElement"/>s, invalid UTF-8 without complaint, and
/// only throws when the string is read later — deep in a handler, Npgsql or a hash — as a 500.
/// Checking every string and property name once, at the edge, turns that into a 400 naming the field.
/// </summary>
public static class JsonTextEncoding
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    public static EncodingFault? FindFault(ReadOnlySpan<byte> body)
    {
        var bom = body.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        var json = body[bom..];
        var path = new List<Frame>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (path.Count > 0 && path[^1].IsArray && token is not (JsonTokenType.EndArray or JsonTokenType.EndObject or JsonTokenType.PropertyName))
                    path[^1] = path[^1] with { Index = path[^1].Index + 1 };

                switch (token)
                {
                    case JsonTokenType.StartObject:
                        path.Add(new Frame(false, null, -1));
                        break;
                    case JsonTokenType.StartArray:
                        path.Add(new Frame(true, null, -1));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (path.Count > 0)
                            path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (CheckString(ref reader) is { } nameFault)
                            return new EncodingFault(nameFault, PathOf(path, upToParent: true), bom + reader.TokenStartIndex, InPropertyName: true);
                        path[^1] = path[^1] with { Name = reader.GetString() };
                        break;
                    case JsonTokenType.String:
                        if (CheckString(ref reader) is { } valueFault)
                            return new EncodingFault(valueFault, PathOf(path, upToParent: false), bom + reader.TokenStartIndex, InPropertyName: false);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the endpoint reports that itself, unless the bytes are not even UTF-8 (checked below).
        }

        return Utf8.IsValid(json) ? null : new EncodingFault(EncodingFaultKind.InvalidUtf8, "body", bom + FirstInvalidByte(json), InPropertyName: false);
    }

    private static long FirstInvalidByte(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) != OperationStatus.Done)
                return offset;
            offset += consumed;
        }

        return offset;
    }

    /// <summary>The problem's message for a fault: what is wrong and where.</summary>
    public static string Describe(EncodingFault fault)
    {
        var what = fault.Kind == EncodingFaultKind.InvalidUtf8
            ? "bytes that are not valid UTF-8"
            : "an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF without its other half)";
        var where = fault.InPropertyName ? "a property name" : "the value";
        return $"{char.ToUpperInvariant(where[0])}{where[1..]} holds {what} (byte {fault.ByteOffset + 1}).";
    }

    private static EncodingFaultKind? CheckString(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (!Utf8.IsValid(raw))
            return EncodingFaultKind.InvalidUtf8;
        if (!reader.ValueIsEscaped)
            return null;
        try
        {
            // Unescaping is where System.Text.Json notices a \uD800 without its pair.
            _ = reader.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            return EncodingFaultKind.LoneSurrogate;
        }
    }

    private static string PathOf(List<Frame> path, bool upToParent)
    {
        var text = new StringBuilder();
        var count = upToParent ? path.Count - 1 : path.Count;
        for (var i = 0; i < count; i++)
        {
            var frame = path[i];
            if (frame.IsArray && frame.Index >= 0)
                text.Append('[').Append(frame.Index).Append(']');
            else if (!frame.IsArray && frame.Name is not null)
                text.Append(text.Length > 0 ? "." : string.Empty).Append(frame.Name);
        }

        return text.Length > 0 ? text.ToString() : "body";
    }

    private readonly record struct Frame(bool IsArray, string? Name, int Index);
}
