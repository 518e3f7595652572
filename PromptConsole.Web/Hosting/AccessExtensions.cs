using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Web.Hosting;

/// <summary>
/// Who may do what. Operators sign in to the console with ASP.NET Core Identity (cookie) or, optionally, OpenID
/// Connect; applications and automation call the APIs with API keys or the master key. A policy scheme picks per
/// request: a presented key always wins; a cookie never authorizes a change through the API (so a cross-site form
/// cannot use an operator's session), only reads such as report downloads.
/// </summary>
public static class AccessExtensions
{
    public const string PolicyScheme = "PromptConsole";

    public static IServiceCollection AddPromptConsoleAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));

        services.AddIdentityCore<ConsoleAccount>(identity =>
            {
                // Length beats composition rules (NIST SP 800-63B); repeated guesses lock the account for a while.
                identity.Password.RequiredLength = ConsoleAccountRules.MinimumPasswordLength;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                identity.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PromptConsoleDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = PolicyScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(PolicyScheme, "API key or console sign-in", policy => policy.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        authentication.AddIdentityCookies();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) =>
            {
                cookie.Cookie.Name = ".PromptConsole.Session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.SessionHours);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = AccountPaths.SignIn;
                cookie.LogoutPath = AccountPaths.SignOut;
                cookie.AccessDeniedPath = AccountPaths.AccessDenied;
            });
        services.AddOidcSignIn(configuration);

        services.AddAuthorization(AccessPolicies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessResultHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAccountStateProvider>();
        services.AddScoped<IConsoleUser, SignedInConsoleUser>();

        // Keys in the database: every instance decrypts the others' cookies and antiforgery tokens.
        services.AddDataProtection()
            .SetApplicationName("PromptConsole")
            .PersistKeysToDbContext<PromptConsoleDbContext>();

        services.AddSingleton<ApiKeyDirectory>();
        services.AddSingleton<MetricsBearerToken>();
        services.AddSingleton<IApiKeyService, ApiKeyService>();
        services.AddSingleton<IConsoleAccounts, ConsoleAccountService>();
        services.AddSingleton<DevelopmentLocalAdmin>();
        services.AddSingleton<AccessBootstrapper>();
        return services;
    }

    public static WebApplication UsePromptConsoleAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Roles, then the first admin from configuration (or, in Development, the labelled local admin).</summary>
    public static Task InitializePromptConsoleAccessAsync(this WebApplication app) =>
        app.Services.GetRequiredService<AccessBootstrapper>().RunAsync(app.Environment.IsDevelopment(), app.Lifetime.ApplicationStopping);

    private static string SelectScheme(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.HasCredential(context.Request))
            return ApiKeyAuthenticationHandler.SchemeName;
        var request = context.Request;
        var safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        return AccessProblems.IsApiPath(request.Path) && !safe
            ? ApiKeyAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;
    }
}
