namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>The console's sign-in addresses (pages and the form endpoints behind them).</summary>
public static class AccountPaths
{
    public const string SignIn = "/account/sign-in";
    public const string SignOut = "/account/sign-out";
    public const string AccessDenied = "/account/access-denied";
    public const string SingleSignOn = "/account/sso";
    public const string SingleSignOnComplete = "/account/sso/complete";

    /// <summary>Only local paths: a sign-in link must not send anyone to another site afterwards.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
