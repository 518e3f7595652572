using System.Globalization;
using System.Security.Claims;
using PromptConsole.Domain.Limits;

namespace PromptConsole.Web.Services.Limits;

/// <summary>
/// Builds the <see cref="UsageCaller"/> of a request from its principal's claims (<see cref="UsageClaims"/>) and the
/// tenant's limits (<see cref="TenantDirectory"/>). No key id (the master key, or no key at all) means no caller:
/// unlimited. A limit claim that does not parse is treated as absent: the key's limits were checked when it was made.
/// </summary>
public sealed class UsageCallerResolver(TenantDirectory tenants)
{
    public async ValueTask<UsageCaller?> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var keyId = principal.FindFirst(UsageClaims.KeyId)?.Value;
        if (string.IsNullOrEmpty(keyId))
            return null;

        var keyLimits = new UsageLimits(
            Int(principal, UsageClaims.RequestsPerSecond),
            Int(principal, UsageClaims.TokensPerMinute),
            Decimal(principal, UsageClaims.MonthlyBudgetUsd));
        var tenant = principal.FindFirst(UsageClaims.Tenant)?.Value;
        if (string.IsNullOrEmpty(tenant))
            return new UsageCaller(keyId, keyLimits, null, UsageLimits.None);

        var tenantLimits = await tenants.LimitsOfAsync(tenant, cancellationToken);
        return new UsageCaller(keyId, keyLimits, tenant, tenantLimits);
    }

    private static int? Int(ClaimsPrincipal principal, string type) =>
        int.TryParse(principal.FindFirst(type)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    private static decimal? Decimal(ClaimsPrincipal principal, string type) =>
        decimal.TryParse(principal.FindFirst(type)?.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;
}
