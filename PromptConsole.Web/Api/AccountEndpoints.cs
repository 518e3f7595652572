using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Web.Api;

/// <summary>
/// The form posts behind the sign-in page (a static page: only a plain HTTP response can set the cookie), sign-out,
/// and the single sign-on round trip. Form posts are checked against antiforgery tokens.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(AccountPaths.SignIn, SignInAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(AccountPaths.SignOut, (Delegate)SignOutAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(AccountPaths.SingleSignOn, SingleSignOn).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(AccountPaths.SingleSignOnComplete, CompleteSingleSignOnAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> SignInAsync(
        [FromForm] string? email,
        [FromForm] string? password,
        [FromForm] string? returnUrl,
        SignInManager<ConsoleAccount> signIn,
        IConsoleAccounts accounts,
        CancellationToken ct)
    {
        var target = AccountPaths.SafeReturnUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return Back("missing", target, email);

        var account = await signIn.UserManager.FindByEmailAsync(email.Trim());
        if (account is null)
            return Back("invalid", target, email);
        var outcome = await signIn.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: true);
        if (outcome.IsLockedOut)
            return Back("locked", target, email);
        if (!outcome.Succeeded)
            return Back("invalid", target, email);

        await accounts.NoteSignInAsync(account.Id, ct);
        return TypedResults.LocalRedirect(target);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        return TypedResults.LocalRedirect(AccountPaths.SignIn);
    }

    private static IResult SingleSignOn(string? returnUrl, IAuthenticationSchemeProvider schemes, SignInManager<ConsoleAccount> signIn)
    {
        var target = AccountPaths.SafeReturnUrl(returnUrl);
        var properties = signIn.ConfigureExternalAuthenticationProperties(
            OidcSignIn.Scheme,
            $"{AccountPaths.SingleSignOnComplete}?returnUrl={Uri.EscapeDataString(target)}");
        return TypedResults.Challenge(properties, [OidcSignIn.Scheme]);
    }

    private static async Task<IResult> CompleteSingleSignOnAsync(
        string? returnUrl,
        SignInManager<ConsoleAccount> signIn,
        IConsoleAccounts accounts,
        IOptions<AuthOptions> options,
        TimeProvider time,
        CancellationToken ct)
    {
        var target = AccountPaths.SafeReturnUrl(returnUrl);
        var login = await signIn.GetExternalLoginInfoAsync();
        if (login is null)
            return Back("sso-failed", target, null);

        var users = signIn.UserManager;
        var account = await users.FindByLoginAsync(login.LoginProvider, login.ProviderKey);
        if (account is null)
        {
            var email = login.Principal.FindFirstValue("email") ?? login.Principal.FindFirstValue(ClaimTypes.Email);
            if (string.IsNullOrWhiteSpace(email))
                return Back("sso-no-email", target, null);
            account = await users.FindByEmailAsync(email);
            if (account is null)
            {
                account = new ConsoleAccount { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
                if (!(await users.CreateAsync(account)).Succeeded)
                    return Back("sso-failed", target, email);
                var role = ConsoleRoles.TryParse(options.Value.Oidc.DefaultRole, out var parsed) ? parsed : ConsoleRole.Viewer;
                await users.AddToRoleAsync(account, ConsoleRoles.NameOf(role));
            }

            await users.AddLoginAsync(account, login);
        }

        if (await users.IsLockedOutAsync(account))
            return Back("locked", target, account.Email);
        await signIn.SignInAsync(account, isPersistent: false, login.LoginProvider);
        await signIn.Context.SignOutAsync(IdentityConstants.ExternalScheme);
        await accounts.NoteSignInAsync(account.Id, ct);
        return TypedResults.LocalRedirect(target);
    }

    private static IResult Back(string error, string returnUrl, string? email)
    {
        var query = $"?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}";
        if (!string.IsNullOrWhiteSpace(email))
            query += "&email=" + Uri.EscapeDataString(email.Trim());
        return TypedResults.LocalRedirect(AccountPaths.SignIn + query);
    }
}
