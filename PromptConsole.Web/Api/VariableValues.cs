using System.Text.Json;
using PromptConsole.Domain.Execution;

namespace PromptConsole.Web.Api;

/// <summary>Turns the JSON the caller sent into the domain's <see cref="VariableValue"/>, keeping numbers as written.</summary>
public static class VariableValues
{
    public static IReadOnlyDictionary<string, VariableValue> FromJson(Dictionary<string, JsonElement>? variables)
    {
        if (variables is null || variables.Count == 0)
            return EmptyVariables;

        var values = new Dictionary<string, VariableValue>(variables.Count, StringComparer.Ordinal);
        foreach (var (name, element) in variables)
            values[name] = FromJson(element);
        return values;
    }

    public static VariableValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => VariableValue.FromString(element.GetString()!),
        JsonValueKind.Number => VariableValue.FromNumber(element.GetRawText()),
        JsonValueKind.True => VariableValue.FromBoolean(true),
        JsonValueKind.False => VariableValue.FromBoolean(false),
        JsonValueKind.Null or JsonValueKind.Undefined => VariableValue.Null,
        _ => VariableValue.FromStructured(ToPlain(element)!, element.GetRawText()),
    };

    private static readonly IReadOnlyDictionary<string, VariableValue> EmptyVariables = new Dictionary<string, VariableValue>();

    /// <summary>Lists and objects become List/Dictionary so Handlebars can walk them ({{#each}}, a.b).</summary>
    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
