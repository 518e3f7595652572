using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Api;

/// <summary>
/// <c>GET /api/v1/metrics/tenants?range=1h|24h|7d|30d</c>: executions, errors, tokens and cost by tenant
/// over the range (every instance's rollups merged), most expensive first, with each tenant's share of
/// the cost; requests without a tenant are reported under <c>(none)</c>.
/// </summary>
public static class TenantMetricsApi
{
    public static IEndpointRouteBuilder MapTenantMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Metrics")
            .MapGet("/metrics/tenants", QueryAsync)
            .Produces<TenantUsageListView>()
            .ProducesProblem(400)
            .WithName("QueryTenantUsage")
            .WithSummary("Usage and cost by tenant")
            .WithDescription("range: 1h, 24h (default), 7d or 30d. Tenants are sorted by cost; costShare is null when nothing cost anything.");
        return app;
    }

    private static async Task<IResult> QueryAsync(HttpContext http, ITenantUsageStore store, string? range, CancellationToken cancellationToken)
    {
        var window = TenantUsageRange.Parse(range);
        if (!window.IsSuccess)
            return window.Error!.ToResult(http);

        var usage = await store.QueryTenantsAsync(window.Value, cancellationToken);
        return TypedResults.Json(ToView(string.IsNullOrWhiteSpace(range) ? TenantUsageRange.Default : range.Trim().ToLowerInvariant(), usage), TenantMetricsJsonContext.Default.TenantUsageListView);
    }

    public static TenantUsageListView ToView(string range, TenantUsageWindow usage)
    {
        var lines = TenantUsageReport.Rank(usage.ByTenant);
        var total = TenantUsageReport.Total(usage.ByTenant.Values);
        return new TenantUsageListView(
            range,
            usage.From,
            usage.To,
            usage.Source,
            ToView(total),
            lines.Select(l => new TenantUsageItemView(l.Tenant, l.Usage.Executions, l.Usage.Errors, l.ErrorRate, l.Usage.InputTokens, l.Usage.OutputTokens, l.Usage.Tokens, l.Usage.CostUsd, l.CostShare)).ToArray());
    }

    private static TenantUsageTotalView ToView(TenantUsage total) =>
        new(total.Executions, total.Errors, total.InputTokens, total.OutputTokens, total.Tokens, total.CostUsd);
}
