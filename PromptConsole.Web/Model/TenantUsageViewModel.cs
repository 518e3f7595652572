using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>
/// Usage by tenant over a range, for the "Usage by tenant" page and the overview's "Top tenants by
/// cost" card: the tenants' lines (most expensive first), the total, and what went wrong if the
/// rollups could not be read.
/// </summary>
public sealed class TenantUsageViewModel(ITenantUsageStore store, ILogger<TenantUsageViewModel> logger)
{
    /// <summary>The range the page opens with.</summary>
    public static MetricsRange DefaultRange => MetricsRange.LastDay;

    public MetricsRange Range { get; private set; } = DefaultRange;

    public IReadOnlyList<TenantUsageLine> Lines { get; private set; } = [];

    public TenantUsage Total { get; private set; } = TenantUsage.None;

    public bool Loaded { get; private set; }

    public string? Failure { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>The <paramref name="count"/> most expensive tenants (the overview's card).</summary>
    public IReadOnlyList<TenantUsageLine> Top(int count) => Lines.Take(count).ToArray();

    public async Task SelectRangeAsync(MetricsRange range, CancellationToken cancellationToken = default)
    {
        Range = range;
        await RefreshAsync(cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var usage = await store.QueryTenantsAsync(Range.Window, cancellationToken);
            Lines = TenantUsageReport.Rank(usage.ByTenant);
            Total = TenantUsageReport.Total(usage.ByTenant.Values);
            UpdatedAt = usage.To;
            Failure = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The rollups live in the database; while it is away the page says so instead of failing the circuit.
            logger.LogWarning(exception, "Reading usage by tenant failed");
            Failure = "Usage by tenant could not be read (the database did not answer). It is retried when the page refreshes.";
        }
        finally
        {
            Loaded = true;
        }
    }

    /// <summary>The request log filtered to a tenant's executions (none for the requests without one, which the log cannot select).</summary>
    public static string? ExecutionsHref(string tenant) =>
        tenant is TenantUsage.NoTenant or TenantUsage.OtherTenants
            ? null
            : ExecutionLinks.List(new ExecutionFilterText(Tenant: tenant));
}
