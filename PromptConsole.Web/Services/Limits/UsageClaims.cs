namespace PromptConsole.Web.Services.Limits;

/// <summary>
/// The claims an API-key principal carries that limits read (the contract shared with the access module, whose
/// <c>AccessClaims</c> defines the same strings). Numbers are invariant-culture; an absent limit claim is unlimited.
/// </summary>
public static class UsageClaims
{
    public const string KeyId = "pc:key_id";
    public const string Tenant = "pc:tenant";
    public const string RequestsPerSecond = "pc:rps";
    public const string TokensPerMinute = "pc:tpm";
    public const string MonthlyBudgetUsd = "pc:budget";
}
