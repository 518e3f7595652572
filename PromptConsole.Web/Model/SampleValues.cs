using System.Text.Json;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Model;

/// <summary>
/// Turns what an operator typed into variable values the way the execution API would receive
/// them: empty inputs are left out (so defaults and "required" apply), JSON variables are parsed.
/// </summary>
public static class SampleValues
{
    public static IReadOnlyDictionary<string, VariableValue> ToVariables(
        IEnumerable<VariableDeclaration> declarations,
        IReadOnlyDictionary<string, string?> typed)
    {
        var values = new Dictionary<string, VariableValue>(StringComparer.Ordinal);
        foreach (var declaration in declarations)
        {
            if (typed.TryGetValue(declaration.Name, out var text) && !string.IsNullOrEmpty(text))
                values[declaration.Name] = ToValue(declaration.Type, text);
        }

        return values;
    }

    public static VariableValue ToValue(VariableType type, string text)
    {
        if (type != VariableType.Json)
            return VariableValue.FromString(text);

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Object or JsonValueKind.Array => VariableValue.FromStructured(ToPlain(document.RootElement)!, text),
                JsonValueKind.Number => VariableValue.FromNumber(document.RootElement.GetRawText()),
                JsonValueKind.True => VariableValue.FromBoolean(true),
                JsonValueKind.False => VariableValue.FromBoolean(false),
                JsonValueKind.Null => VariableValue.Null,
                _ => VariableValue.FromString(document.RootElement.GetString() ?? string.Empty),
            };
        }
        catch (JsonException)
        {
            // Not JSON: the binder accepts any value for a JSON variable, so the text itself is sent.
            return VariableValue.FromString(text);
        }
    }

    /// <summary>Lists and dictionaries, the shapes Handlebars iterates over with <c>{{#each}}</c>.</summary>
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
