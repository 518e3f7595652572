using System.Text.RegularExpressions;

namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>Names of request attributes. <c>subject</c> and <c>tenant</c> come from their own request fields.</summary>
public static partial class AttributeName
{
    public const string Subject = "subject";
    public const string Tenant = "tenant";
    public const int MaxLength = 64;

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
