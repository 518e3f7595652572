using System.Text.Json;

namespace PromptConsole.Domain.Execution;

/// <summary>
/// JSON to <see cref="VariableValue"/>, in one place for the API (request bodies), the console
/// (sample values typed as text) and the binder (defaults of JSON variables).
/// </summary>
public static class VariableJson
{
    /// <summary>A JSON value as the caller sent it; numbers keep their written form.</summary>
    public static VariableValue FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => VariableValue.FromString(element.GetString()!),
        JsonValueKind.Number => VariableValue.FromNumber(element.GetRawText()),
        JsonValueKind.True => VariableValue.FromBoolean(true),
        JsonValueKind.False => VariableValue.FromBoolean(false),
        JsonValueKind.Null or JsonValueKind.Undefined => VariableValue.Null,
        _ => VariableValue.FromStructured(ToPlain(element)!, element.GetRawText()),
    };

    /// <summary>Text that may be JSON (a default, a console field): parsed when it is, else taken as the string itself.</summary>
    public static VariableValue FromText(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return FromElement(document.RootElement);
        }
        catch (JsonException)
        {
            return VariableValue.FromString(text);
        }
    }

    /// <summary>Lists and objects become List/Dictionary so Handlebars can walk them ({{#each}}, a.b).</summary>
    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? (object)whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
