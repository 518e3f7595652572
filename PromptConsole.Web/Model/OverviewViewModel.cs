using Microsoft.Extensions.Logging;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>The overview page: every prompt's executions in the selected range.</summary>
public sealed class OverviewViewModel(IMetricsStore store, ILogger<OverviewViewModel> logger) : MetricsViewModel(logger)
{
    public MetricsSummary? Summary { get; private set; }

    public DashboardCharts? Charts { get; private set; }

    protected override async Task<(DateTimeOffset UpdatedAt, Action Show)> QueryAsync(MetricsRange range, CancellationToken cancellationToken)
    {
        var window = await store.QueryAsync(range.Window, MetricsFilter.All, cancellationToken);
        var summary = MetricsSummary.Of(window);
        var charts = DashboardCharts.For(window);
        return (window.To, () =>
        {
            Summary = summary;
            Charts = charts;
        });
    }
}
