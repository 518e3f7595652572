using Microsoft.AspNetCore.Authorization;
using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>What an endpoint asks of its caller when it is not the default (see <see cref="EndpointAccess"/>).</summary>
public sealed record EndpointAccessRequirement(string Policy);

/// <summary>
/// Authorization for the API, decided in one place. Every endpoint mapped through <see cref="Apply"/> gets: the
/// key scope it declares (<see cref="RequireScope{TBuilder}"/>: execution and flag evaluation), else the role it
/// declares (<see cref="RequireRole{TBuilder}"/>), else Viewer to read and Operator to change anything. Module
/// code only marks the exceptions; it cannot forget the rule.
/// </summary>
public static class EndpointAccess
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, ApiKeyScopes scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointAccessRequirement(AccessPolicies.ForScope(scope)));

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ConsoleRole role)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointAccessRequirement(AccessPolicies.ForRole(role)));

    /// <summary>Any authenticated caller: a key of any scope, the master key or a signed-in operator.</summary>
    public static TBuilder RequireSignedIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointAccessRequirement(AccessPolicies.SignedIn));

    /// <summary>Runs after each endpoint's own conventions, so it sees their marks.</summary>
    public static RouteGroupBuilder Apply(RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IAllowAnonymous>().Any())
                return;
            var requirement = endpoint.Metadata.OfType<EndpointAccessRequirement>().LastOrDefault();
            var policy = requirement?.Policy ?? (IsReadOnly(endpoint) ? AccessPolicies.Viewer : AccessPolicies.Operator);
            endpoint.Metadata.Add(new AuthorizeAttribute(policy));
        });
        return group;
    }

    private static bool IsReadOnly(EndpointBuilder endpoint)
    {
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
        return methods is { Count: > 0 } && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m) || HttpMethods.IsOptions(m));
    }
}
