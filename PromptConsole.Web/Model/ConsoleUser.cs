using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Model;

/// <summary>Who the console acts as (the audit's "who") and what that person's role lets the page offer.</summary>
public interface IConsoleUser
{
    string Name { get; }

    /// <summary>Null: signed in without any console role (or not signed in), so nothing can be changed.</summary>
    ConsoleRole? Role { get; }

    /// <summary>Labels only Admins may move (configuration <c>PromptConsole:Auth:ProtectedLabels</c>).</summary>
    IReadOnlyCollection<string> ProtectedLabels { get; }
}

/// <summary>The permission questions pages ask, answered by <see cref="ConsolePermissions"/> so the console hides what the API refuses.</summary>
public static class ConsoleUserPermissions
{
    public static bool CanOperate(this IConsoleUser user) => ConsolePermissions.CanOperate(user.Role);

    public static bool CanAdminister(this IConsoleUser user) => ConsolePermissions.CanAdminister(user.Role);

    public static bool CanRunOnProvider(this IConsoleUser user) => ConsolePermissions.CanRunOnProvider(user.Role);

    public static bool CanAcknowledgeAlerts(this IConsoleUser user) => ConsolePermissions.CanAcknowledgeAlerts(user.Role);

    /// <summary>What a view model answers when asked for a change the role may not make (the page does not offer it).</summary>
    public static ErrorView OperatorRequired(this IConsoleUser user) =>
        ErrorView.Forbidden($"Your role ({RoleName(user)}) can look but not change this; an Operator or Admin can.");

    public static ErrorView AdminRequired(this IConsoleUser user) =>
        ErrorView.Forbidden($"Your role ({RoleName(user)}) can look but not change this; only an Admin can.");

    private static string RoleName(IConsoleUser user) => user.Role is { } role ? ConsoleRoles.NameOf(role) : "none";

    public static bool CanMoveLabel(this IConsoleUser user, string label) =>
        ConsolePermissions.CanMoveLabel(user.Role, label, user.ProtectedLabels);
}
