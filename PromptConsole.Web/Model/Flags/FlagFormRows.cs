using System.Text.Json;

namespace PromptConsole.Web.Model.Flags;

/// <summary>A variant being edited; <see cref="JsonProblem"/> shows as it is typed, before the registry sees it.</summary>
public sealed class VariantRow
{
    public string Name { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;

    /// <summary>Null while the value parses as JSON (or is still empty: the registry says a value is required).</summary>
    public string? JsonProblem
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Value))
                return null;
            try
            {
                using var _ = JsonDocument.Parse(Value);
                return null;
            }
            catch (JsonException ex)
            {
                return $"Not JSON: {ex.Message}";
            }
        }
    }
}

/// <summary>
/// A targeting condition being edited. <see cref="Value"/> is one value, or for <c>in</c> the values
/// separated by commas.
/// </summary>
public sealed class ConditionRow
{
    public const string InOperator = "in";

    public string Attribute { get; set; } = string.Empty;

    public string Operator { get; set; } = "equals";

    public string Value { get; set; } = string.Empty;

    public IReadOnlyList<string?> Values => Operator == InOperator
        ? Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        : [Value.Trim()];
}

/// <summary>A rollout slice being edited, in percent.</summary>
public sealed class SliceRow
{
    public string Variant { get; set; } = string.Empty;

    public double? From { get; set; }

    public double? To { get; set; }
}
