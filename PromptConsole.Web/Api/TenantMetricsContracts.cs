using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace PromptConsole.Web.Api;

// GET /api/v1/metrics/tenants.

public sealed record TenantUsageItemView(
    string Tenant,
    long Executions,
    long Errors,
    double? ErrorRate,
    long InputTokens,
    long OutputTokens,
    long Tokens,
    decimal CostUsd,
    double? CostShare);

public sealed record TenantUsageTotalView(long Executions, long Errors, long InputTokens, long OutputTokens, long Tokens, decimal CostUsd);

/// <param name="Source">The rollup tier the figures were read from.</param>
public sealed record TenantUsageListView(
    string Range,
    DateTimeOffset From,
    DateTimeOffset To,
    string Source,
    TenantUsageTotalView Total,
    IReadOnlyList<TenantUsageItemView> Tenants);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TenantUsageListView))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class TenantMetricsJsonContext : JsonSerializerContext;
