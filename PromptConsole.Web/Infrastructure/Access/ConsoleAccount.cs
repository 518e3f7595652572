using Microsoft.AspNetCore.Identity;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>An operator who signs in to the console (ASP.NET Core Identity's user, table <c>AspNetUsers</c>).</summary>
public sealed class ConsoleAccount : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }
}
