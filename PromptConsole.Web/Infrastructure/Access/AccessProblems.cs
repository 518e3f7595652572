using System.Security.Claims;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Api;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>Refusals of authentication and authorization as problems, in the OpenAI error shape on <c>/v1</c>.</summary>
public static class AccessProblems
{
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase);

    /// <summary>No credential, or one that is not valid (its reason given).</summary>
    public static Error Unauthenticated(Exception? failure) => failure is null
        ? new Error(ErrorKind.Unauthenticated, "unauthenticated", "Send an API key as 'Authorization: Bearer <key>' (or sign in to the console).")
        : new Error(ErrorKind.Unauthenticated, "invalid-api-key", failure.Message);

    /// <summary>The caller's highest console role (keys with the manage scope carry one), or none.</summary>
    public static ConsoleRole? RoleOf(ClaimsPrincipal user) => ConsoleRoles.Highest(user.FindAll(ClaimTypes.Role).Select(c => c.Value));

    public static Error Forbidden(HttpContext context)
    {
        var user = context.User;
        var role = RoleOf(user);
        var scopes = user.FindAll(AccessClaims.Scope).Select(c => c.Value).ToArray();
        var who = role is null
            ? scopes.Length > 0 ? $"a key with the scopes {string.Join(", ", scopes)}" : "a caller without a console role"
            : $"the role {ConsoleRoles.NameOf(role.Value)}";
        return new Error(ErrorKind.Forbidden, "forbidden", $"{context.Request.Method} {context.Request.Path} is not allowed for {who}.");
    }

    public static Task WriteAsync(HttpContext context, Error error)
    {
        var result = context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
            ? error.ToOpenAiProblem(context)
            : error.ToResult(context);
        return result.ExecuteAsync(context);
    }
}
