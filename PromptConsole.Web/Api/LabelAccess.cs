using Microsoft.Extensions.Options;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Access;

namespace PromptConsole.Web.Api;

/// <summary>
/// The checks that depend on what a request changes, not only on its endpoint: moving a protected label and
/// switching capture need an Admin. The same <see cref="ConsolePermissions"/> decide what the console shows.
/// </summary>
public static class LabelAccess
{
    public static Error? Refusal(HttpContext http, string label)
    {
        var protectedLabels = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.ProtectedLabels;
        return ConsolePermissions.CanMoveLabel(AccessProblems.RoleOf(http.User), label, protectedLabels)
            ? null
            : new Error(ErrorKind.Forbidden, "forbidden", $"The label '{label}' is protected: only an Admin may deploy to it or roll it back.");
    }

    public static Error? AdminRefusal(HttpContext http, string what) =>
        ConsolePermissions.CanAdminister(AccessProblems.RoleOf(http.User))
            ? null
            : new Error(ErrorKind.Forbidden, "forbidden", $"{what} needs the role Admin.");
}
