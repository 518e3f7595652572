using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Execution;

public enum VariableValueKind
{
    Null,
    String,
    Number,
    Boolean,
    /// <summary>An array or object, already converted to lists and dictionaries.</summary>
    Structured,
}

/// <summary>A value as the caller sent it, before it is checked against a declaration.</summary>
public readonly record struct VariableValue(VariableValueKind Kind, string? Text, object? Structured = null)
{
    public static VariableValue Null => new(VariableValueKind.Null, null);

    public static VariableValue FromString(string text) => new(VariableValueKind.String, text);

    public static VariableValue FromNumber(string rawNumber) => new(VariableValueKind.Number, rawNumber);

    public static VariableValue FromBoolean(bool value) => new(VariableValueKind.Boolean, value ? "true" : "false");

    public static VariableValue FromStructured(object value, string json) => new(VariableValueKind.Structured, json, value);

    public string Describe() => Kind switch
    {
        VariableValueKind.Null => "null",
        VariableValueKind.String => "a string",
        VariableValueKind.Number => "a number",
        VariableValueKind.Boolean => "a boolean",
        _ => "a list or object",
    };
}

/// <summary>Variables checked against their declarations, typed for rendering, plus the canonical text of each for hashing and caching.</summary>
public sealed record BoundVariables(IReadOnlyDictionary<string, object?> Values, IReadOnlyDictionary<string, string> CanonicalText);

public static class VariableBinder
{
    /// <summary>ISO-8601 only: a culture's short form such as 03/04/2026 means different days to different callers.</summary>
    private static readonly string[] IsoDateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    /// <summary>
    /// Checks supplied values against the declarations and applies defaults. Every missing or
    /// mistyped variable is reported at once. Undeclared extras are ignored on purpose: during a
    /// canary or experiment the same request serves versions that declare different variables.
    /// </summary>
    public static Result<BoundVariables> Bind(IReadOnlyList<VariableDeclaration> declarations, IReadOnlyDictionary<string, VariableValue> supplied)
    {
        var errors = new List<FieldError>();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var canonical = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var declaration in declarations)
        {
            var field = $"variables.{declaration.Name}";
            if (!supplied.TryGetValue(declaration.Name, out var value) || value.Kind == VariableValueKind.Null)
            {
                if (declaration.Default is not null)
                {
                    // A JSON variable's default is JSON text: bound as the structure, like a supplied value.
                    value = declaration.Type == VariableType.Json ? VariableJson.FromText(declaration.Default) : VariableValue.FromString(declaration.Default);
                }
                else if (declaration.Required)
                {
                    errors.Add(new FieldError(field, $"Required variable '{declaration.Name}' ({Describe(declaration.Type)}) is missing."));
                    continue;
                }
                else
                {
                    values[declaration.Name] = null;
                    canonical[declaration.Name] = string.Empty;
                    continue;
                }
            }

            var problem = CheckValue(declaration, value);
            if (problem is not null)
            {
                errors.Add(new FieldError(field, problem));
                continue;
            }

            values[declaration.Name] = Convert(declaration.Type, value);
            canonical[declaration.Name] = value.Text ?? string.Empty;
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-variables", "Some variables are missing or have the wrong type.", errors);

        return new BoundVariables(values, canonical);
    }

    /// <summary>Why <paramref name="value"/> does not fit the declaration, or null when it does.</summary>
    public static string? CheckValue(VariableDeclaration declaration, VariableValue value)
    {
        var text = value.Text ?? string.Empty;
        var expected = $"'{declaration.Name}' must be {Describe(declaration.Type)}";
        switch (declaration.Type)
        {
            case VariableType.Json:
                return null;
            case VariableType.Number:
                return value.Kind == VariableValueKind.Number || (value.Kind == VariableValueKind.String && IsNumber(text))
                    ? null
                    : $"{expected}, got {value.Describe()}.";
            case VariableType.Integer:
                return (value.Kind is VariableValueKind.Number or VariableValueKind.String)
                       && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? null
                    : $"{expected}, got {(value.Kind == VariableValueKind.Number ? "a fractional number" : value.Describe())}.";
            case VariableType.Boolean:
                return value.Kind == VariableValueKind.Boolean || (value.Kind == VariableValueKind.String && text is "true" or "false")
                    ? null
                    : $"{expected}, got {value.Describe()}.";
            case VariableType.Date:
                return value.Kind == VariableValueKind.String
                       && DateTimeOffset.TryParseExact(text, IsoDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                    ? null
                    : $"{expected} (ISO-8601, e.g. 2026-01-31), got {(value.Kind == VariableValueKind.String ? $"'{Shorten(text)}'" : value.Describe())}.";
            case VariableType.Enum:
                if (value.Kind != VariableValueKind.String)
                    return $"{expected}, got {value.Describe()}.";
                var allowed = declaration.AllowedValues ?? [];
                return allowed.Contains(text, StringComparer.Ordinal)
                    ? null
                    : $"'{declaration.Name}' must be one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}, got '{Shorten(text)}'.";
            default:
                // Text, String, Id and Code accept strings; numbers and booleans are accepted as their text.
                return value.Kind is VariableValueKind.String or VariableValueKind.Number or VariableValueKind.Boolean
                    ? null
                    : $"{expected}, got {value.Describe()}.";
        }
    }

    private static object? Convert(VariableType type, VariableValue value) => type switch
    {
        VariableType.Integer => long.Parse(value.Text!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        VariableType.Number => double.Parse(value.Text!, NumberStyles.Float, CultureInfo.InvariantCulture),
        VariableType.Boolean => value.Text == "true",
        VariableType.Json => value.Kind == VariableValueKind.Structured ? value.Structured : value.Text,
        _ => value.Text,
    };

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Describe(VariableType type) => type switch
    {
        VariableType.Text or VariableType.String or VariableType.Id or VariableType.Code => "a string",
        VariableType.Number => "a number",
        VariableType.Integer => "an integer",
        VariableType.Boolean => "a boolean",
        VariableType.Date => "a date",
        VariableType.Enum => "one of its allowed values",
        _ => "any JSON value",
    };
}
