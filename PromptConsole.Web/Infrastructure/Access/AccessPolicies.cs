using Microsoft.AspNetCore.Authorization;
using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>The authorization policies: three console roles (each includes the ones below it) and two key scopes.</summary>
public static class AccessPolicies
{
    public const string SignedIn = "signed-in";
    public const string Viewer = "role:viewer";
    public const string Operator = "role:operator";
    public const string Admin = "role:admin";
    public const string Execute = "scope:execute";
    public const string Evaluate = "scope:evaluate";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser());
        options.AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireRole(ConsoleRoles.Viewer, ConsoleRoles.Operator, ConsoleRoles.Admin));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(ConsoleRoles.Operator, ConsoleRoles.Admin));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(ConsoleRoles.Admin));
        options.AddPolicy(Execute, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, ApiKeyScopeNames.Execute));
        options.AddPolicy(Evaluate, p => p.RequireAuthenticatedUser().RequireClaim(AccessClaims.Scope, ApiKeyScopeNames.Evaluate));

        // Anything not marked otherwise needs a signed-in operator: a forgotten endpoint is closed, not open.
        options.FallbackPolicy = options.GetPolicy(Viewer);
    }

    public static string ForRole(ConsoleRole role) => role switch
    {
        ConsoleRole.Viewer => Viewer,
        ConsoleRole.Operator => Operator,
        _ => Admin,
    };

    public static string ForScope(ApiKeyScopes scope) => scope switch
    {
        ApiKeyScopes.Execute => Execute,
        ApiKeyScopes.Evaluate => Evaluate,
        _ => Viewer,
    };
}
