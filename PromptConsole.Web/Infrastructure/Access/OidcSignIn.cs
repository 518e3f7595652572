using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// Optional single sign-on: with <c>PromptConsole:Auth:Oidc:Authority</c> and <c>ClientId</c> set, the sign-in page
/// offers the provider (authorization code flow with PKCE). The provider's answer lands in Identity's external
/// cookie; <see cref="AccountEndpoints"/> then links it to an operator (by email, or a new one with the configured
/// default role) and signs that operator in like a password sign-in.
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "oidc";

    public static IServiceCollection AddOidcSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        var oidc = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Oidc ?? new OidcOptions();
        if (!oidc.IsConfigured)
            return services;

        services.AddAuthentication().AddOpenIdConnect(Scheme, oidc.DisplayName, options =>
        {
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.Scope.Add("email");
            options.GetClaimsFromUserInfoEndpoint = true;
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.CallbackPath = "/signin-oidc";
        });
        return services;
    }
}
