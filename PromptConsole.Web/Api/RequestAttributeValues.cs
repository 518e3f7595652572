using System.Globalization;
using System.Text.Json;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Web.Api;

/// <summary>
/// The execute body's <c>attributes</c>: names are attribute names; values are strings, numbers or booleans,
/// kept as invariant-culture text (numbers round-trip, booleans are <c>true</c>/<c>false</c>), which is what
/// targeting compares.
/// </summary>
public static class RequestAttributeValues
{
    public const int MaxAttributes = 50;
    public const int MaxValueLength = 1_000;

    public static Result<IReadOnlyDictionary<string, string>?> FromJson(Dictionary<string, JsonElement>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
            return Result<IReadOnlyDictionary<string, string>?>.Success(null);

        var errors = new List<FieldError>();
        if (attributes.Count > MaxAttributes)
            errors.Add(new FieldError("attributes", $"At most {MaxAttributes} attributes."));
        var values = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var (name, element) in attributes)
        {
            if (!AttributeName.IsValid(name))
            {
                errors.Add(new FieldError($"attributes.{name}", $"'{name}' is not a valid attribute name."));
                continue;
            }

            if (name is AttributeName.Subject or AttributeName.Tenant)
            {
                errors.Add(new FieldError($"attributes.{name}", $"Send '{name}' as the body's own '{name}' field."));
                continue;
            }

            string? text = element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Number => element.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (text is null)
                errors.Add(new FieldError($"attributes.{name}", "An attribute value is a string, a number or a boolean."));
            else if (text.Length > MaxValueLength)
                errors.Add(new FieldError($"attributes.{name}", $"An attribute value is at most {MaxValueLength} characters."));
            else
                values[name] = text;
        }

        return errors.Count > 0
            ? Error.Validation("invalid-attributes", "The request attributes are not valid.", errors)
            : Result<IReadOnlyDictionary<string, string>?>.Success(values);
    }
}
