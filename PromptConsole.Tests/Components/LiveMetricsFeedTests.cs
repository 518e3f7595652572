using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using PromptConsole.Domain.Metrics;
using PromptConsole.Tests.Providers;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

/// <summary>
/// The live mechanism of the metrics pages: store notifications and a one-second tick both ask
/// for a refresh; refreshes never overlap; disposing ends the subscription and the timer loop.
/// Time is a manual clock, so "a second passes" is a call, not a wait.
/// </summary>
public sealed class LiveMetricsFeedTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _time = new();
    private readonly FakeStore _store = new();
    private readonly Channel<int> _refreshes = Channel.CreateUnbounded<int>();
    private int _count;

    private LiveMetricsFeed NewFeed(Func<Task>? refresh = null) =>
        new(_store, _time, NullLogger.Instance, refresh ?? (() =>
        {
            _refreshes.Writer.TryWrite(Interlocked.Increment(ref _count));
            return Task.CompletedTask;
        }));

    private async Task<int> NextRefreshAsync() => await _refreshes.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    [Fact]
    public async Task The_live_range_subscribes_with_its_throttle_and_ticks_every_second()
    {
        await using var feed = NewFeed();
        await feed.StartAsync(MetricsRange.Live);

        Assert.Equal(MetricsRange.Live.Throttle, Assert.Single(_store.Subscriptions).MinInterval);
        Assert.Equal(0, _count);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await NextRefreshAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await NextRefreshAsync());
    }

    [Fact]
    public async Task A_store_notification_refreshes_at_once()
    {
        await using var feed = NewFeed();
        await feed.StartAsync(MetricsRange.Live);

        await _store.NotifyAsync();

        Assert.Equal(1, await NextRefreshAsync());
    }

    [Fact]
    public async Task Asks_during_a_refresh_fold_into_one_more_refresh_after_it()
    {
        var running = 0;
        var overlapped = false;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var feed = NewFeed(async () =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            var number = Interlocked.Increment(ref _count);
            if (number == 1)
                await gate.Task;
            Interlocked.Decrement(ref running);
            _refreshes.Writer.TryWrite(number);
        });
        await feed.StartAsync(MetricsRange.Live);

        var first = feed.RequestRefreshAsync();
        var asks = Enumerable.Range(0, 5).Select(_ => feed.RequestRefreshAsync()).ToArray();
        await Task.WhenAll(asks).WaitAsync(Patience); // they return at once: the running refresh will run again
        gate.SetResult();
        await first.WaitAsync(Patience);

        Assert.Equal(1, await NextRefreshAsync());
        Assert.Equal(2, await NextRefreshAsync());
        Assert.False(_refreshes.Reader.TryRead(out _));
        Assert.False(overlapped);
    }

    [Fact]
    public async Task A_failing_refresh_does_not_stop_the_feed()
    {
        var calls = 0;
        await using var feed = NewFeed(() =>
        {
            var call = Interlocked.Increment(ref calls);
            _refreshes.Writer.TryWrite(call);
            return call == 1 ? throw new ObjectDisposedException("circuit") : Task.CompletedTask;
        });
        await feed.StartAsync(MetricsRange.Live);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await NextRefreshAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await NextRefreshAsync());
    }

    [Fact]
    public async Task Disposing_ends_the_subscription_and_waits_for_the_timer_loop()
    {
        var feed = NewFeed();
        await feed.StartAsync(MetricsRange.Live);
        Assert.Equal(1, _time.ActiveTimers);

        await feed.DisposeAsync();

        Assert.Empty(_store.Subscriptions);
        Assert.Equal(0, _time.ActiveTimers);
        _time.Advance(TimeSpan.FromSeconds(5));
        await _store.NotifyAsync();
        await feed.RequestRefreshAsync();
        Assert.False(_refreshes.Reader.TryRead(out _));

        // A page closed while it was still loading starts nothing.
        await feed.StartAsync(MetricsRange.Live);
        Assert.False(feed.IsRunning);
        Assert.Empty(_store.Subscriptions);
    }

    [Fact]
    public async Task Overlapping_starts_leave_exactly_one_subscription_and_one_timer()
    {
        await using var feed = NewFeed();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => feed.StartAsync(i % 2 == 0 ? MetricsRange.Live : MetricsRange.LastHour))));

        Assert.Single(_store.Subscriptions);
        Assert.Equal(1, _time.ActiveTimers);
    }

    [Fact]
    public async Task Changing_the_range_replaces_the_subscription_and_the_tick()
    {
        await using var feed = NewFeed();
        await feed.StartAsync(MetricsRange.Live);
        await feed.StartAsync(MetricsRange.LastDay);

        Assert.Equal(MetricsRange.LastDay.Throttle, Assert.Single(_store.Subscriptions).MinInterval);
        Assert.Equal(1, _time.ActiveTimers);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(_refreshes.Reader.TryRead(out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await NextRefreshAsync());
    }

    [Fact]
    public async Task Stopping_a_hidden_tab_stops_refreshes_until_it_starts_again()
    {
        await using var feed = NewFeed();
        await feed.StartAsync(MetricsRange.Live);
        await feed.StopAsync();
        Assert.False(feed.IsRunning);

        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(_refreshes.Reader.TryRead(out _));

        await feed.StartAsync(MetricsRange.Live);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await NextRefreshAsync());
    }

    /// <summary>Records subscriptions; <see cref="NotifyAsync"/> plays the store's throttled delivery.</summary>
    private sealed class FakeStore : IMetricsStore
    {
        private readonly List<Subscription> _subscriptions = [];

        public IReadOnlyList<Subscription> Subscriptions
        {
            get
            {
                lock (_subscriptions)
                    return [.. _subscriptions];
            }
        }

        public TimeSpan LiveSpan => TimeSpan.FromMinutes(15);

        public async Task NotifyAsync()
        {
            foreach (var subscription in Subscriptions)
                await subscription.OnChanged();
        }

        public IDisposable Subscribe(Func<Task> onChanged, TimeSpan minInterval)
        {
            var subscription = new Subscription(this, onChanged, minInterval);
            lock (_subscriptions)
                _subscriptions.Add(subscription);
            return subscription;
        }

        public void Observe(ExecutionObservation observation, DateTimeOffset at) => throw new NotSupportedException();

        public void ObserveQuality(MetricSeriesKey key, QualitySource source, double score, DateTimeOffset at) => throw new NotSupportedException();

        public Task<MetricsWindow> QueryAsync(TimeSpan window, MetricsFilter filter, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<TGroup, MetricsWindow>> QueryGroupsAsync<TGroup>(
            TimeSpan window, MetricsFilter filter, Func<MetricSeriesKey, TGroup> groupOf, IReadOnlyCollection<TGroup> groups, CancellationToken cancellationToken = default)
            where TGroup : notnull => throw new NotSupportedException();

        public sealed record Subscription(FakeStore Store, Func<Task> OnChanged, TimeSpan MinInterval) : IDisposable
        {
            public void Dispose()
            {
                lock (Store._subscriptions)
                    Store._subscriptions.Remove(this);
            }
        }
    }
}
