using System.Text.RegularExpressions;

namespace PromptConsole.Domain.Prompts;

public static partial class PromptKey
{
    public const int MaxLength = 64;

    /// <summary>Keys appear in URLs, metric labels and cache keys, so they are lower-case slugs.</summary>
    public static bool IsValid(string? key) => key is { Length: > 0 and <= MaxLength } && SlugPattern().IsMatch(key);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}

public static partial class LabelName
{
    public const string Production = "production";
    public const int MaxLength = 40;

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && LabelPattern().IsMatch(name);

    [GeneratedRegex("^[a-z][a-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();
}
