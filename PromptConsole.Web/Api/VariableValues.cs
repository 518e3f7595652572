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

    public static VariableValue FromJson(JsonElement element) => VariableJson.FromElement(element);

    private static readonly IReadOnlyDictionary<string, VariableValue> EmptyVariables = new Dictionary<string, VariableValue>();
}
