using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.Limits;
using PromptConsole.Web.Services.Limits;

namespace PromptConsole.Web.Api;

/// <summary>The body of <c>PUT /api/v1/tenants/{name}</c>: the tenant's limits, each null (or absent) for none.</summary>
public sealed record TenantBody(int? RequestsPerSecond, int? TokensPerMinute, decimal? MonthlyBudgetUsd)
{
    public UsageLimits ToLimits() => new(RequestsPerSecond, TokensPerMinute, MonthlyBudgetUsd);
}

/// <summary>A tenant's limits as the API shows them.</summary>
public sealed record TenantLimitsView(int? RequestsPerSecond, int? TokensPerMinute, decimal? MonthlyBudgetUsd);

/// <summary>What the tenant used in <see cref="Month"/> (UTC, <c>yyyy-MM</c>) across all instances, about a second behind.</summary>
public sealed record TenantUsageView(string Month, long Requests, long Tokens, decimal SpendUsd, decimal? BudgetRemainingUsd);

public sealed record TenantView(string Name, TenantLimitsView Limits, TenantUsageView Usage, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TenantView From(TenantUsage t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var limits = t.Tenant.Limits;
        var remaining = limits.MonthlyBudgetUsd is { } budget ? Math.Max(0, budget - t.Usage.CostUsd) : (decimal?)null;
        return new TenantView(
            t.Tenant.Name,
            new TenantLimitsView(limits.RequestsPerSecond, limits.TokensPerMinute, limits.MonthlyBudgetUsd),
            new TenantUsageView(t.Month, t.Usage.Requests, t.Usage.Tokens, t.Usage.CostUsd, remaining),
            t.Tenant.CreatedAt,
            t.Tenant.UpdatedAt);
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(TenantBody))]
[JsonSerializable(typeof(TenantView))]
[JsonSerializable(typeof(IReadOnlyList<TenantView>))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class TenantsJsonContext : JsonSerializerContext;
