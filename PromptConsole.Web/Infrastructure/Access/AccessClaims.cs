namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// Claim types on an API-key principal: which key, its tenant, its scopes (one claim each) and its own
/// limits (invariant-culture numbers; absent = unlimited). Roles use the standard role claim.
/// </summary>
public static class AccessClaims
{
    public const string KeyId = "pc:key_id";
    public const string KeyName = "pc:key_name";
    public const string Tenant = "pc:tenant";
    public const string Scope = "pc:scope";
    public const string RequestsPerSecond = "pc:rps";
    public const string TokensPerMinute = "pc:tpm";
    public const string MonthlyBudgetUsd = "pc:budget";

    /// <summary>Set on the master key's principal: automation and first setup, every scope, Admin.</summary>
    public const string MasterKey = "pc:master";
}
