using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// API refusals as problems that say what was missing (401 with <c>WWW-Authenticate: Bearer</c>; 403 naming the
/// roles or scope the endpoint needs), whichever scheme answered; console pages keep the cookie's redirects.
/// </summary>
public sealed class AccessResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _pages = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !AccessProblems.IsApiPath(context.Request.Path))
        {
            await _pages.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var failure = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Failure
                ?? (await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Failure;
            await AccessProblems.WriteAsync(context, AccessProblems.Unauthenticated(failure));
            return;
        }

        var forbidden = AccessProblems.Forbidden(context);
        var needed = Needed(authorizeResult.AuthorizationFailure);
        await AccessProblems.WriteAsync(context, forbidden with { Message = needed is null ? forbidden.Message : $"{forbidden.Message} It needs {needed}." });
    }

    private static string? Needed(AuthorizationFailure? failure)
    {
        if (failure is null)
            return null;
        foreach (var requirement in failure.FailedRequirements)
        {
            switch (requirement)
            {
                case RolesAuthorizationRequirement roles:
                    return "the role " + string.Join(" or ", roles.AllowedRoles);
                case ClaimsAuthorizationRequirement { ClaimType: AccessClaims.Scope } scope:
                    return "an API key with the scope " + string.Join(" or ", scope.AllowedValues ?? []);
            }
        }

        return null;
    }
}
