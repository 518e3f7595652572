using Microsoft.Extensions.Logging;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>
/// The prompt page's Metrics tab: the prompt's figures, its charts split by version and one table
/// row per version, route arm and model. Per-version lines come from one grouped query (a window
/// per version); only the most-used <see cref="MaxChartedVersions"/> are charted.
/// </summary>
public sealed class PromptMetricsViewModel(IMetricsStore store, ILogger<PromptMetricsViewModel> logger) : MetricsViewModel(logger)
{
    public const int MaxChartedVersions = 6;

    public string? PromptKey { get; private set; }

    public MetricsSummary? Summary { get; private set; }

    public DashboardCharts? Charts { get; private set; }

    public IReadOnlyList<SeriesRow> Rows { get; private set; } = [];

    /// <summary>Versions that ran in the range but are not charted (the table still lists them).</summary>
    public int UnchartedVersions { get; private set; }

    public Task LoadAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        PromptKey = promptKey;
        return RefreshAsync(cancellationToken);
    }

    protected override async Task<(DateTimeOffset UpdatedAt, Action Show)> QueryAsync(MetricsRange range, CancellationToken cancellationToken)
    {
        var key = PromptKey ?? throw new InvalidOperationException("Load a prompt before refreshing its metrics.");
        var window = await store.QueryAsync(range.Window, new MetricsFilter(key), cancellationToken);
        var versions = VersionBreakdown.ChartedVersions(window, MaxChartedVersions);
        var windows = await store.QueryGroupsAsync(range.Window, new MetricsFilter(key), series => series.PromptVersion, versions, cancellationToken);
        var byVersion = versions.Select(version => (version, windows[version])).ToArray();

        var summary = MetricsSummary.Of(window);
        var charts = DashboardCharts.ByVersion(byVersion);
        var rows = VersionBreakdown.Rows(window);
        var uncharted = VersionBreakdown.VersionCount(window) - versions.Count;
        return (window.To, () =>
        {
            Summary = summary;
            Charts = charts;
            Rows = rows;
            UnchartedVersions = uncharted;
        });
    }
}
