using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Pages.Prompts;

/// <summary>
/// The prompt's metrics, split by version. The prompt page keeps every tab rendered, so this one
/// reads the store and follows it only while it is the selected tab (<see cref="Shown"/>).
/// </summary>
public partial class MetricsTab : IAsyncDisposable
{
    /// <summary>The name of the cascading value by which the prompt page says whether this tab is shown.</summary>
    public const string ShownCascade = "MetricsTabShown";

    private LiveMetricsFeed? _feed;
    private bool _disposed;

    /// <summary>Whether the tab is shown (shown when nobody says); it loads on first showing and stops following the store when hidden.</summary>
    [CascadingParameter(Name = ShownCascade)]
    public bool? Shown { get; set; }

    private bool Active => Shown ?? true;

    [Inject]
    private PromptMetricsViewModel Model { get; set; } = default!;

    [Inject]
    private IMetricsStore Store { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<MetricsTab> Logger { get; set; } = default!;

    /// <summary>Metrics come from the store, not the aggregate: a new revision changes nothing here.</summary>
    protected override Task OnPromptChangedAsync(Prompt prompt) => Task.CompletedTask;

    protected override async Task OnParametersSetAsync()
    {
        await base.OnParametersSetAsync();
        if (!Active || !RendererInfo.IsInteractive)
        {
            if (_feed is not null)
                await _feed.StopAsync();
            return;
        }

        if (!Model.Loaded || !string.Equals(Model.PromptKey, Prompt.Key, StringComparison.Ordinal))
            await Model.LoadAsync(Prompt.Key);
        else if (_feed is { IsRunning: false })
            await Model.RefreshAsync();

        _feed ??= new LiveMetricsFeed(Store, Time, Logger, () => InvokeAsync(RefreshAsync));
        if (!_feed.IsRunning)
            await _feed.StartAsync(Model.Range);
    }

    private async Task SelectRangeAsync(MetricsRange range)
    {
        await Model.SelectRangeAsync(range);
        if (_feed is { IsRunning: true })
            await _feed.StartAsync(range);
    }

    private async Task RefreshAsync()
    {
        if (_disposed || !Active)
            return;
        await Model.RefreshAsync();
        StateHasChanged();
    }

    private static string Quality(QualitySummary quality) =>
        quality.Count == 0 ? MetricsFormat.Nothing : $"{MetricsFormat.Quality(quality.Average)} ({MetricsFormat.Count(quality.Count)})";

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_feed is not null)
            await _feed.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
