using System.Diagnostics.CodeAnalysis;

namespace PromptConsole.Domain.Access;

/// <summary>Role names as stored and as they appear in role claims, and the parsing of them.</summary>
public static class ConsoleRoles
{
    public const string Viewer = nameof(ConsoleRole.Viewer);
    public const string Operator = nameof(ConsoleRole.Operator);
    public const string Admin = nameof(ConsoleRole.Admin);

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    public static string NameOf(ConsoleRole role) => role switch
    {
        ConsoleRole.Viewer => Viewer,
        ConsoleRole.Operator => Operator,
        ConsoleRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Case-insensitive; anything else is not a role.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out ConsoleRole role)
    {
        role = default;
        if (string.IsNullOrWhiteSpace(name))
            return false;
        foreach (var candidate in Enum.GetValues<ConsoleRole>())
        {
            if (string.Equals(NameOf(candidate), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>The highest of the given role names; none of them a role → null (signed in, allowed nothing).</summary>
    public static ConsoleRole? Highest(IEnumerable<string> names)
    {
        ConsoleRole? highest = null;
        foreach (var name in names)
        {
            if (TryParse(name, out var role) && (highest is null || role > highest))
                highest = role;
        }

        return highest;
    }
}
