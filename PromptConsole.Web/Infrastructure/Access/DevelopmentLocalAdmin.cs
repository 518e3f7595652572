namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// The Development-only local admin: its address and the password generated at this start, shown on the sign-in
/// page so `dotnet run` shows something at once. Empty outside Development; the password changes at every start.
/// </summary>
public sealed class DevelopmentLocalAdmin
{
    public const string Email = "local-admin@promptconsole.local";

    public string? Password { get; private set; }

    public bool IsActive => Password is not null;

    internal void Activate(string password) => Password = password;
}
