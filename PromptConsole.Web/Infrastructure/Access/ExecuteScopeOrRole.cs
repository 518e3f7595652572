using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// Endpoints that applications reach with an <c>execute</c> key and people reach through the console (batch jobs):
/// a key with the scope passes; a signed-in person (or a manage key) needs the role the convention would ask for,
/// Viewer to read and Operator to change.
/// </summary>
public static class ExecuteScopeOrRole
{
    public const string ViewerPolicy = "scope:execute|role:viewer";
    public const string OperatorPolicy = "scope:execute|role:operator";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ViewerPolicy, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => HasExecuteScope(c.User) || c.User.IsInRole(ConsoleRoles.Viewer) || c.User.IsInRole(ConsoleRoles.Operator) || c.User.IsInRole(ConsoleRoles.Admin)));
        options.AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => HasExecuteScope(c.User) || c.User.IsInRole(ConsoleRoles.Operator) || c.User.IsInRole(ConsoleRoles.Admin)));
    }

    /// <summary>Viewer for reads, Operator for changes, or an execute key for either.</summary>
    public static TBuilder RequireExecuteScopeOr<TBuilder>(this TBuilder builder, ConsoleRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointAccessRequirement(role == ConsoleRole.Viewer ? ViewerPolicy : OperatorPolicy));

    private static bool HasExecuteScope(ClaimsPrincipal user) => user.HasClaim(AccessClaims.Scope, ApiKeyScopeNames.Execute);
}
