using Microsoft.AspNetCore.Components;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Overview;

/// <summary>
/// The console's home: every prompt's traffic, latency, errors, cost, tokens, cache and quality.
/// It follows the metrics store while open (a throttled subscription plus a one-second tick in the
/// live range) and re-renders over the circuit; the range is in the address (<c>?range=24h</c>).
/// </summary>
public partial class Overview : IAsyncDisposable
{
    private LiveMetricsFeed? _feed;
    private bool _disposed;

    [SupplyParameterFromQuery(Name = "range")]
    public string? RangeKey { get; set; }

    [Inject]
    private OverviewViewModel Model { get; set; } = default!;

    [Inject]
    private IMetricsStore Store { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<Overview> Logger { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        var range = MetricsRange.Parse(RangeKey);
        if (Model.Loaded && range == Model.Range)
            return;

        await Model.SelectRangeAsync(range);

        // Prerendering produces one static page; only the interactive circuit follows the store.
        if (!RendererInfo.IsInteractive)
            return;
        _feed ??= new LiveMetricsFeed(Store, Time, Logger, () => InvokeAsync(RefreshAsync));
        await _feed.StartAsync(range);
    }

    private async Task RefreshAsync()
    {
        if (_disposed)
            return;
        await Model.RefreshAsync();
        StateHasChanged();
    }

    /// <summary>The range goes into the address, so a link shows what the operator saw.</summary>
    private void SelectRange(MetricsRange range) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("range", range.IsDefault ? null : range.Key));

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_feed is not null)
            await _feed.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
