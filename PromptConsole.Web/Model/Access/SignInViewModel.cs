using Microsoft.Extensions.Options;
using PromptConsole.Web.Infrastructure.Access;

namespace PromptConsole.Web.Model.Access;

/// <summary>What the sign-in page shows: the message for the last attempt, where to go afterwards, the single sign-on
/// button when a provider is configured, and (Development only) the local admin's address and password.</summary>
public sealed class SignInViewModel(IOptions<AuthOptions> options, DevelopmentLocalAdmin localAdmin)
{
    public string ReturnUrl { get; private set; } = "/";

    public string? Email { get; private set; }

    public string? Error { get; private set; }

    public string? SingleSignOnName => options.Value.Oidc.IsConfigured ? options.Value.Oidc.DisplayName : null;

    public string SingleSignOnHref => $"{AccountPaths.SingleSignOn}?returnUrl={Uri.EscapeDataString(ReturnUrl)}";

    public string? LocalAdminEmail => localAdmin.IsActive ? DevelopmentLocalAdmin.Email : null;

    public string? LocalAdminPassword => localAdmin.Password;

    public void Load(string? returnUrl, string? error, string? email)
    {
        ReturnUrl = AccountPaths.SafeReturnUrl(returnUrl);
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        Error = MessageFor(error);
    }

    public static string? MessageFor(string? error) => error switch
    {
        null or "" => null,
        "missing" => "Enter your email address and password.",
        "invalid" => "The email address or password is not right.",
        "locked" => "This account is locked (too many wrong passwords, or an Admin locked it). Try again in a few minutes or ask an Admin.",
        "sso-failed" => "Single sign-on did not complete. Try again, or sign in with a password.",
        "sso-no-email" => "The single sign-on provider did not say your email address, so there is no account to sign in to.",
        _ => "Sign-in failed. Try again.",
    };
}
