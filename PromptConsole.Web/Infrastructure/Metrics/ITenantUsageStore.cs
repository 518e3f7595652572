using PromptConsole.Domain.Metrics;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>Usage by tenant over a window: reporting names (<c>(none)</c> for requests without a tenant) to their usage.</summary>
/// <param name="Source">The rollup tier it was read from.</param>
public sealed record TenantUsageWindow(DateTimeOffset From, DateTimeOffset To, string Source, IReadOnlyDictionary<string, TenantUsage> ByTenant);

/// <summary>The metrics store's tenant dimension: executions, errors, tokens and cost by tenant, merged across instances.</summary>
public interface ITenantUsageStore
{
    Task<TenantUsageWindow> QueryTenantsAsync(TimeSpan window, CancellationToken cancellationToken = default);
}
