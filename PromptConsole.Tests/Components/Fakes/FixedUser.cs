using PromptConsole.Domain.Access;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>A signed-in operator with a fixed name and role (Admin unless a test says otherwise).</summary>
public sealed class FixedUser(string name, ConsoleRole? role = ConsoleRole.Admin) : IConsoleUser
{
    public string Name => name;

    /// <summary>Settable so a page test can render the same page as each role.</summary>
    public ConsoleRole? Role { get; set; } = role;

    public IReadOnlyCollection<string> ProtectedLabels => ConsolePermissions.DefaultProtectedLabels;
}
