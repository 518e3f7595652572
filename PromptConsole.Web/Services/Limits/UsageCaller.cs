using PromptConsole.Domain.Limits;

namespace PromptConsole.Web.Services.Limits;

/// <summary>
/// Who is calling, as far as limits care: the API key (its id and own limits) and its tenant (name and the tenant's
/// limits), either of which may be absent. Built by <see cref="UsageCallerResolver"/> from the request's principal;
/// the master key has no key id and gets no caller at all (unlimited).
/// </summary>
public sealed record UsageCaller(string? KeyId, UsageLimits KeyLimits, string? Tenant, UsageLimits TenantLimits)
{
    public const string KeyScopePrefix = "key:";
    public const string TenantScopePrefix = "tenant:";

    /// <summary>The counters' scope of the key, e.g. <c>key:abc</c>; null without a key.</summary>
    public string? KeyScope => KeyId is null ? null : KeyScopePrefix + KeyId;

    /// <summary>The counters' scope of the tenant, e.g. <c>tenant:acme</c>; null without a tenant.</summary>
    public string? TenantScope => Tenant is null ? null : TenantScopePrefix + Tenant;

    public static string ScopeOfTenant(string tenant) => TenantScopePrefix + tenant;

    /// <summary>The limits of one side, <see cref="UsageLimits.None"/> when that side is absent.</summary>
    public UsageLimits LimitsOf(UsageScopeKind scope) => scope == UsageScopeKind.Key
        ? KeyId is null ? UsageLimits.None : KeyLimits
        : Tenant is null ? UsageLimits.None : TenantLimits;

    public string? ScopeOf(UsageScopeKind scope) => scope == UsageScopeKind.Key ? KeyScope : TenantScope;
}
