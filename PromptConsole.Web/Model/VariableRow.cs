using System.Globalization;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Model;

/// <summary>One editable line of the editor's variables table.</summary>
public sealed class VariableRow
{
    public string Name { get; set; } = string.Empty;

    public VariableType Type { get; set; } = VariableType.String;

    public bool Required { get; set; } = true;

    public string? Default { get; set; }

    /// <summary>Comma-separated, for enum variables.</summary>
    public string AllowedValues { get; set; } = string.Empty;

    /// <summary>Null means the type's default policy (semantic for free text, exact otherwise).</summary>
    public CachePolicy? Cache { get; set; }

    public double? SemanticThreshold { get; set; }

    public string? Description { get; set; }

    public static VariableRow From(VariableDeclaration declaration) => new()
    {
        Name = declaration.Name,
        Type = declaration.Type,
        Required = declaration.Required,
        Default = declaration.Default,
        AllowedValues = string.Join(", ", declaration.AllowedValues ?? []),
        Cache = declaration.Cache,
        SemanticThreshold = declaration.SemanticThreshold,
        Description = declaration.Description,
    };

    public VariableDeclaration ToDeclaration()
    {
        var allowed = AllowedValues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new VariableDeclaration(
            Name.Trim(),
            Type,
            Required,
            string.IsNullOrEmpty(Default) ? null : Default,
            allowed.Length == 0 ? null : allowed,
            Cache,
            Cache == CachePolicy.Semantic || (Cache is null && Type == VariableType.Text) ? SemanticThreshold : null,
            string.IsNullOrWhiteSpace(Description) ? null : Description.Trim());
    }

    /// <summary>"semantic ≥ 0.92", "exact", "ignored", for the tables.</summary>
    public static string DescribeCache(VariableDeclaration declaration) => declaration.EffectiveCachePolicy switch
    {
        CachePolicy.Semantic when declaration.SemanticThreshold is { } threshold => $"semantic ≥ {threshold.ToString("0.##", CultureInfo.InvariantCulture)}",
        CachePolicy.Semantic => "semantic",
        CachePolicy.Ignore => "ignored",
        _ => "exact",
    };
}
