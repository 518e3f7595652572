using System.Text.RegularExpressions;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Experiments;

/// <summary>
/// One arm: a name, the prompt version it serves and its weight. Weights are relative (50/50 and 1/1
/// split alike); the first arm is the control.
/// </summary>
public sealed record ExperimentArm(string Name, int Version, double Weight);

/// <summary>Experiment keys follow the prompt-key rule: they appear in URLs, metric labels and routes.</summary>
public static class ExperimentKey
{
    public const int MaxLength = PromptKey.MaxLength;

    public static bool IsValid(string? key) => PromptKey.IsValid(key);
}

/// <summary>Arm names are metric label values, so they are short lower-case slugs.</summary>
public static partial class ArmName
{
    public const int MaxLength = 40;

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
