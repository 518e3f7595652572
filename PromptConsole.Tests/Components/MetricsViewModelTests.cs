using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Tests.Persistence;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Model;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components;

/// <summary>The overview's and the Metrics tab's view models over a real metrics store (SQLite behind its rollups) and a manual clock.</summary>
public sealed class MetricsViewModelTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Now);
    private PersistenceTestHost _host = default!;
    private MetricsStore _store = default!;

    public async Task InitializeAsync()
    {
        _host = await PersistenceTestHost.CreateAsync(TestDatabaseProvider.Sqlite, clock: _clock);
        _store = new MetricsStore(_host.Get<IDbContextFactory<PromptConsoleDbContext>>(), Options.Create(new MetricsStoreOptions { InstanceId = "test" }), _clock);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private OverviewViewModel Overview(IMetricsStore? store = null) => new(store ?? _store, NullLogger<OverviewViewModel>.Instance);

    private PromptMetricsViewModel PromptMetrics() => new(_store, NullLogger<PromptMetricsViewModel>.Instance);

    [Fact]
    public async Task The_live_range_shows_an_execution_as_soon_as_the_store_has_counted_it()
    {
        var overview = Overview();
        await overview.RefreshAsync();
        Assert.True(overview.Summary!.IsEmpty);
        Assert.Equal("live", overview.Summary.Source);

        _store.Observe(Observation(Key("alpha"), latencyMs: 120, costUsd: 0.002m), _clock.GetUtcNow());
        await overview.RefreshAsync();

        Assert.Equal(1, overview.Summary!.Executions);
        Assert.Equal(Now, overview.UpdatedAt);
        // 15 minutes in 300 three-second points; the newest has run for 2 s (12:00:28 to now).
        Assert.Equal(300, overview.Charts!.Requests.Series[0].Points.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), overview.Summary.Resolution);
        Assert.Equal(0.5, overview.Charts.Requests.Series[0].Points[^1].Value);
        Assert.Equal(1 / 899.0, overview.Summary.RequestsPerSecond, 12);
        Assert.Equal("alpha", Assert.Single(overview.Summary.TopByTraffic).PromptKey);
    }

    [Fact]
    public async Task The_five_minute_live_range_charts_one_point_per_second()
    {
        var overview = Overview();
        _store.Observe(Observation(Key("alpha")), _clock.GetUtcNow());
        _store.Observe(Observation(Key("alpha")), _clock.GetUtcNow());

        await overview.SelectRangeAsync(MetricsRange.LiveFiveMinutes);

        Assert.Equal("live", overview.Summary!.Source);
        Assert.Equal(TimeSpan.FromSeconds(1), overview.Summary.Resolution);
        Assert.Equal(300, overview.Charts!.Requests.Series[0].Points.Count);
        Assert.Equal(2, overview.Charts.Requests.Series[0].Points[^1].Value);
    }

    [Fact]
    public async Task Longer_ranges_read_the_rollups_and_keep_executions_that_left_the_live_window()
    {
        _store.Observe(Observation(Key("alpha")), Now);
        _store.Observe(Observation(Key("beta"), costUsd: 0.5m), Now);
        await _store.FlushAsync();
        _clock.Advance(TimeSpan.FromMinutes(20));

        var overview = Overview();
        await overview.RefreshAsync();
        Assert.Equal(0, overview.Summary!.Executions);

        await overview.SelectRangeAsync(MetricsRange.LastHour);
        Assert.Equal("1m", overview.Summary!.Source);
        Assert.Equal(TimeSpan.FromMinutes(1), overview.Summary.Resolution);
        Assert.Equal(2, overview.Summary.Executions);
        Assert.Equal("beta", overview.Summary.TopByCost[0].PromptKey);

        await overview.SelectRangeAsync(MetricsRange.LastWeek);
        Assert.Equal("1h", overview.Summary!.Source);
        Assert.Equal(2, overview.Summary.Executions);
    }

    [Fact]
    public async Task The_metrics_tab_covers_one_prompt_with_a_series_and_rows_per_version()
    {
        for (var i = 0; i < 3; i++)
            _store.Observe(Observation(Key("alpha", 1), latencyMs: 100), Now);
        for (var i = 0; i < 2; i++)
            _store.Observe(Observation(Key("alpha", 2, arm: "canary"), latencyMs: 400, outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout"), Now);
        _store.Observe(Observation(Key("other", 1)), Now);
        _store.ObserveQuality(Key("alpha", 1), QualitySource.Feedback, 4, Now);

        var tab = PromptMetrics();
        await tab.LoadAsync("alpha");

        Assert.Equal(5, tab.Summary!.Executions);
        Assert.Equal(0.4, tab.Summary.ErrorRate);
        Assert.Equal([(2, "canary", 2L), (1, null, 3L)], tab.Rows.Select(r => (r.Version, r.RouteArm, r.Executions)));
        Assert.Equal(new QualitySummary(4, 1), tab.Rows[1].Feedback);
        foreach (var chart in tab.Charts!.All)
            Assert.Equal(["v1", "v2"], chart.Series.Select(s => s.Name));
        Assert.Equal([1.5, 1.0], tab.Charts.Requests.Series.Select(s => s.Points[^1].Value!.Value));
        Assert.Equal(1.0, tab.Charts.Errors.Series[1].Summary);
        Assert.Equal(0, tab.UnchartedVersions);
    }

    [Fact]
    public async Task Only_the_most_used_versions_are_charted_and_the_rest_are_counted()
    {
        for (var version = 1; version <= PromptMetricsViewModel.MaxChartedVersions + 2; version++)
            for (var i = 0; i < version; i++)
                _store.Observe(Observation(Key("alpha", version)), Now);

        var tab = PromptMetrics();
        await tab.LoadAsync("alpha");

        Assert.Equal(["v3", "v4", "v5", "v6", "v7", "v8"], tab.Charts!.Requests.Series.Select(s => s.Name));
        Assert.Equal(2, tab.UnchartedVersions);
        Assert.Equal(8, tab.Rows.Count);
    }

    [Fact]
    public async Task A_failed_read_is_reported_and_the_last_figures_stay_on_screen()
    {
        var store = new ControlledStore(_store);
        var overview = Overview(store);
        _store.Observe(Observation(), Now);
        await overview.RefreshAsync();

        store.Fail = new InvalidOperationException("database is locked");
        await overview.RefreshAsync();

        Assert.Equal(1, overview.Summary!.Executions);
        Assert.Contains("database is locked", overview.Failure, StringComparison.Ordinal);
        Assert.True(overview.Loaded);

        store.Fail = null;
        await overview.RefreshAsync();
        Assert.Null(overview.Failure);
    }

    [Fact]
    public async Task A_slow_read_of_the_previous_range_does_not_overwrite_the_range_chosen_after_it()
    {
        var store = new ControlledStore(_store) { Hold = true };
        var overview = Overview(store);

        var slowLive = overview.RefreshAsync();
        var hour = overview.SelectRangeAsync(MetricsRange.LastHour);
        store.Release(TimeSpan.FromHours(1));
        await hour;
        store.Release(TimeSpan.FromMinutes(15));
        await slowLive;

        Assert.Equal(MetricsRange.LastHour, overview.Range);
        Assert.Equal("1m", overview.Summary!.Source);
    }

    /// <summary>The real store, but reads can be made to fail or wait until the test releases them.</summary>
    private sealed class ControlledStore(IMetricsStore inner) : IMetricsStore
    {
        private readonly Dictionary<TimeSpan, TaskCompletionSource> _held = [];

        public Exception? Fail { get; set; }

        public bool Hold { get; init; }

        public TimeSpan LiveSpan => inner.LiveSpan;

        public void Release(TimeSpan window) => _held[window].SetResult();

        public void Observe(ExecutionObservation observation, DateTimeOffset at) => inner.Observe(observation, at);

        public void ObserveQuality(MetricSeriesKey key, QualitySource source, double score, DateTimeOffset at) => inner.ObserveQuality(key, source, score, at);

        public async Task<MetricsWindow> QueryAsync(TimeSpan window, MetricsFilter filter, CancellationToken cancellationToken = default)
        {
            await BeforeReadAsync(window);
            return await inner.QueryAsync(window, filter, cancellationToken);
        }

        public async Task<IReadOnlyDictionary<TGroup, MetricsWindow>> QueryGroupsAsync<TGroup>(
            TimeSpan window, MetricsFilter filter, Func<MetricSeriesKey, TGroup> groupOf, IReadOnlyCollection<TGroup> groups, CancellationToken cancellationToken = default)
            where TGroup : notnull
        {
            await BeforeReadAsync(window);
            return await inner.QueryGroupsAsync(window, filter, groupOf, groups, cancellationToken);
        }

        private async Task BeforeReadAsync(TimeSpan window)
        {
            if (Fail is not null)
                throw Fail;
            if (Hold)
            {
                var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _held[window] = release;
                await release.Task;
            }
        }

        public IDisposable Subscribe(Func<Task> onChanged, TimeSpan minInterval) => inner.Subscribe(onChanged, minInterval);
    }
}
