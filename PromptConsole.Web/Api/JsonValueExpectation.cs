using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptConsole.Web.Api;

/// <summary>
/// Says what a body field should have been when a JSON value has the wrong kind ("enabled": "yes"). The serializer's own
/// message names a .NET type ("could not be converted to PromptConsole.Web.Api.CacheSettingsBody"), which tells a caller
/// nothing; the contract's metadata knows the field's type, so the answer can say "Must be true or false."
/// </summary>
public static class JsonValueExpectation
{
    /// <summary>The expectation for the field at <paramref name="jsonPath"/> (as <see cref="JsonException.Path"/>
    /// spells it), or null when the path cannot be followed through the contract.</summary>
    public static string? Describe(JsonTypeInfo root, string? jsonPath)
    {
        ArgumentNullException.ThrowIfNull(root);
        var field = FieldTypeInfo(root, jsonPath);
        if (field is null)
            return null;
        return DescribeType(field.Type) ?? field.Kind switch
        {
            JsonTypeInfoKind.Enumerable => "Must be an array.",
            JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Object => "Must be a JSON object.",
            _ => null,
        };
    }

    /// <summary>The expectation for a value of a simple type, or null for the others.</summary>
    private static string? DescribeType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(bool))
            return "Must be true or false.";
        if (type == typeof(string))
            return "Must be a string.";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte))
            return "Must be a whole number.";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return "Must be a number.";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return "Must be a date and time in ISO 8601 (2026-12-05T08:00:00Z).";
        if (type == typeof(DateOnly))
            return "Must be a date in ISO 8601 (2026-12-05).";
        if (type == typeof(Guid))
            return "Must be an id (a GUID).";
        if (type == typeof(TimeSpan))
            return "Must be a duration (hh:mm:ss).";
        if (type.IsEnum)
            return $"Must be one of: {string.Join(", ", Enum.GetNames(type))}.";
        return null;
    }

    private static JsonTypeInfo? FieldTypeInfo(JsonTypeInfo root, string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || !jsonPath.StartsWith('$'))
            return null;
        if (Segments(jsonPath[1..]) is not { } segments)
            return null;
        var current = root;
        foreach (var segment in segments)
        {
            Type type;
            if (segment is null)
            {
                if (current.Kind != JsonTypeInfoKind.Enumerable || current.ElementType is null)
                    return null;
                type = current.ElementType;
            }
            else if (current.Kind == JsonTypeInfoKind.Dictionary && current.ElementType is not null)
            {
                type = current.ElementType;
            }
            else if (current.Kind == JsonTypeInfoKind.Object)
            {
                var property = current.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
                if (property is null)
                    return null;
                type = property.PropertyType;
            }
            else
            {
                return null;
            }

            if (!TryGetTypeInfo(current.Options, type, out current))
                return null;
        }
        return current;
    }

    /// <summary>"$.items[3].variables['odd key']" → items, (index), variables, odd key; null for a path it cannot read.</summary>
    private static List<string?>? Segments(string path)
    {
        var segments = new List<string?>();
        var i = 0;
        while (i < path.Length)
        {
            int end;
            if (path[i] == '.')
            {
                end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[')
                    end++;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                    return null;
                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                end = path.IndexOf(']', i + 1);
                if (end < 0)
                    return null;
                segments.Add(null);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }
        return segments;
    }

    private static bool TryGetTypeInfo(JsonSerializerOptions options, Type type, out JsonTypeInfo typeInfo)
    {
        // A contract made by the source generator knows only the types it was asked for and theirs; a type it does not
        // know is a path we cannot follow, not an error of the caller's.
        try
        {
            typeInfo = options.GetTypeInfo(type);
            return true;
        }
        catch (NotSupportedException)
        {
            typeInfo = null!;
            return false;
        }
        catch (InvalidOperationException)
        {
            typeInfo = null!;
            return false;
        }
    }
}
