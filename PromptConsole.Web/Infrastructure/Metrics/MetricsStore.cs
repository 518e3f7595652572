using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// Every execution is counted twice in memory: in the per-second ring (live charts) and in the open
/// bucket of each rollup tier. <see cref="FlushAsync"/> writes the open buckets as this instance's
/// rows (rewriting them while a bucket is open, after merging in what an earlier life of the same
/// instance id stored) and forgets buckets once they are closed and written; queries over longer windows read every instance's rows and merge them, taking this
/// instance's buckets still in memory from memory. Counting is a few dictionary updates under one
/// lock; nothing on the request path touches the database.
/// </summary>
public sealed class MetricsStore : IMetricsStore, ITenantUsageStore
{
    /// <summary>Charts get at most about this many points; longer windows use coarser points.</summary>
    public const int TargetPoints = 300;

    /// <summary>A rollup tier serves a window only if the window needs at most this many of its buckets.</summary>
    public const int MaxRollupPoints = 800;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SecondRing _ring;
    private readonly IReadOnlyList<RollupTier> _tiers;
    private readonly Dictionary<RollupTier, Dictionary<(MetricSeriesKey Key, DateTimeOffset Start), OpenBucket>> _open = [];
    private readonly Lock _gate = new();
    private readonly IDbContextFactory<PromptConsoleDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly List<Subscription> _subscriptions = [];
    private Subscription[] _subscriptionSnapshot = [];

    /// <param name="fleet">The other instances' live seconds, merged into live windows; null (a single instance) leaves them out.</param>
    public MetricsStore(IDbContextFactory<PromptConsoleDbContext> dbFactory, IOptions<MetricsStoreOptions> options, TimeProvider time, FleetLiveSeconds? fleet = null)
    {
        _dbFactory = dbFactory;
        _time = time;
        _fleet = fleet;
        if (fleet is not null)
            fleet.Changed += NotifySubscribers;
        var settings = options.Value;
        InstanceId = string.IsNullOrWhiteSpace(settings.InstanceId)
            ? $"{Environment.MachineName}-{Guid.NewGuid():N}"[..Math.Min(100, Environment.MachineName.Length + 33)]
            : settings.InstanceId.Trim();
        _ring = new SecondRing(settings.LiveMinutes * 60);
        _tiers = settings.RollupTiers();
        foreach (var tier in _tiers)
            _open[tier] = [];
        _tenants = new TenantRollups(InstanceId, _tiers, settings.MaxTenantsPerBucket);
    }

    private readonly TenantRollups _tenants;
    private readonly FleetLiveSeconds? _fleet;

    /// <summary>This instance's live seconds changed since <paramref name="version"/>, for publication to the other instances.</summary>
    public IReadOnlyList<SecondSeries> LiveChangesSince(long version, out long current) => _ring.ChangedSince(version, out current);

    public string InstanceId { get; }

    public IReadOnlyList<RollupTier> Tiers => _tiers;

    public TimeSpan LiveSpan => _ring.Span;

    public void Observe(ExecutionObservation observation, DateTimeOffset at)
    {
        _ring.Add(observation, at);
        Count(observation.Key, at, stats => stats.Add(observation));
        _tenants.Count(observation, at);
        NotifySubscribers();
    }

    public void ObserveQuality(MetricSeriesKey key, QualitySource source, double score, DateTimeOffset at)
    {
        _ring.AddQuality(key, source, score, at);
        Count(key, at, stats => stats.AddQualityScore(source, score));
        NotifySubscribers();
    }

    private void Count(MetricSeriesKey key, DateTimeOffset at, Action<ExecutionStats> change)
    {
        lock (_gate)
        {
            foreach (var tier in _tiers)
            {
                var buckets = _open[tier];
                var start = tier.BucketStart(at);
                if (!buckets.TryGetValue((key, start), out var bucket))
                {
                    bucket = new OpenBucket();
                    buckets.Add((key, start), bucket);
                }

                change(bucket.Stats);
                bucket.Dirty = true;
            }
        }
    }

    public async Task<MetricsWindow> QueryAsync(TimeSpan window, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        if (window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), window, "A window must be positive.");

        var now = _time.GetUtcNow();
        if (window <= LiveSpan)
            return QueryLive(now, window, filter.Matches);
        var read = await ReadRollupsAsync(now, window, filter, cancellationToken);
        return read.Window(now, read.Rollups);
    }

    public async Task<IReadOnlyDictionary<TGroup, MetricsWindow>> QueryGroupsAsync<TGroup>(
        TimeSpan window,
        MetricsFilter filter,
        Func<MetricSeriesKey, TGroup> groupOf,
        IReadOnlyCollection<TGroup> groups,
        CancellationToken cancellationToken = default)
        where TGroup : notnull
    {
        if (window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), window, "A window must be positive.");

        var now = _time.GetUtcNow();
        var same = EqualityComparer<TGroup>.Default;
        if (window <= LiveSpan)
            return groups.ToDictionary(group => group, group => QueryLive(now, window, key => filter.Matches(key) && same.Equals(groupOf(key), group)));

        // One database read for every group; each group's window is built from its share of the rows.
        var read = await ReadRollupsAsync(now, window, filter, cancellationToken);
        return groups.ToDictionary(group => group, group => read.Window(now, read.Rollups.Where(r => same.Equals(groupOf(r.Key), group))));
    }

    private MetricsWindow QueryLive(DateTimeOffset now, TimeSpan window, Func<MetricSeriesKey, bool> matches)
    {
        var seconds = _ring.Series(now, window, matches);
        // The other instances' seconds are added to this one's (its own stay fresh from memory).
        if (_fleet is { } fleet)
        {
            foreach (var second in seconds)
                fleet.AddTo(SecondRing.SecondNumber(second.Second), matches, second.Stats);
        }

        var pointSeconds = Math.Max(1, (int)Math.Ceiling((double)seconds.Count / TargetPoints));
        var points = new List<MetricsPoint>();
        var total = new ExecutionStats();
        for (var i = 0; i < seconds.Count; i += pointSeconds)
        {
            var stats = new ExecutionStats();
            for (var j = i; j < Math.Min(seconds.Count, i + pointSeconds); j++)
                stats.Merge(seconds[j].Stats);
            total.Merge(stats);
            points.Add(new MetricsPoint(seconds[i].Second, stats));
        }

        var bySeries = _ring.QueryByKey(now, window, matches);
        if (_fleet is { } fleetSeries && seconds.Count > 0)
        {
            var merged = bySeries.ToDictionary(s => s.Key, s => s.Value);
            fleetSeries.AddByKey(SecondRing.SecondNumber(seconds[0].Second), SecondRing.SecondNumber(seconds[^1].Second), matches, merged);
            bySeries = merged;
        }

        var from = seconds.Count > 0 ? seconds[0].Second : now;
        return new MetricsWindow(from, now, TimeSpan.FromSeconds(pointSeconds), "live", total, points, bySeries);
    }

    /// <summary>The finest tier that still holds the whole window in a chartable number of buckets (the coarsest as a last resort).</summary>
    public RollupTier TierFor(TimeSpan window) =>
        _tiers.FirstOrDefault(t => t.Retention >= window && window.Ticks / t.Resolution.Ticks <= MaxRollupPoints)
        ?? _tiers.FirstOrDefault(t => t.Retention >= window)
        ?? _tiers[^1];

    /// <summary>Every matching rollup of the tier that serves <paramref name="window"/>: this instance's open buckets and every instance's rows.</summary>
    private async Task<RollupRead> ReadRollupsAsync(DateTimeOffset now, TimeSpan window, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var tier = TierFor(window);
        var from = tier.BucketStart(now - window);
        var last = tier.BucketStart(now);

        // Memory first: a bucket flushed between the two reads is then taken from memory, never twice.
        var inMemory = new Dictionary<(MetricSeriesKey Key, DateTimeOffset Start), ExecutionStats>();
        lock (_gate)
        {
            foreach (var ((key, start), bucket) in _open[tier])
            {
                if (start >= from && filter.Matches(key))
                    inMemory[(key, start)] = bucket.Stats.Copy();
            }
        }

        var rows = await ReadRowsAsync(tier, from, filter.PromptKey, cancellationToken);

        // A bucket this process has not written yet holds only its own counts; the row with the same
        // instance id (an earlier life of this instance) is then added to it. Once the bucket has
        // adopted that row (at its first flush, possibly between the two reads) memory holds the sum.
        var adopted = new HashSet<(MetricSeriesKey Key, DateTimeOffset Start)>();
        lock (_gate)
        {
            foreach (var entry in inMemory.Keys.ToArray())
            {
                if (!_open[tier].TryGetValue(entry, out var bucket) || !bucket.Adopted)
                    continue;
                adopted.Add(entry);
                inMemory[entry] = bucket.Stats.Copy();
            }
        }

        var rollups = new List<Rollup>(rows.Count + inMemory.Count);
        foreach (var row in rows)
        {
            var key = new MetricSeriesKey(row.PromptKey, row.PromptVersion, row.RouteArm.Length == 0 ? null : row.RouteArm, row.Model);
            var start = new DateTimeOffset(row.BucketStart.UtcTicks, TimeSpan.Zero);
            if (!filter.Matches(key) || (row.InstanceId == InstanceId && adopted.Contains((key, start))))
                continue;
            if (Deserialize(row.Stats) is { } stats && tier.IsAligned(start))
                rollups.Add(new Rollup(key, tier, start, stats));
        }

        rollups.AddRange(inMemory.Select(entry => new Rollup(entry.Key.Key, tier, entry.Key.Start, entry.Value)));
        return new RollupRead(tier, from, last, rollups);
    }

    private sealed record RollupRead(RollupTier Tier, DateTimeOffset From, DateTimeOffset Last, IReadOnlyList<Rollup> Rollups)
    {
        /// <summary>The window over <paramref name="rollups"/> (all of this read's, or a group's share).</summary>
        public MetricsWindow Window(DateTimeOffset now, IEnumerable<Rollup> rollups) => BuildWindow(Tier, From, Last, now, rollups);
    }

    private static MetricsWindow BuildWindow(RollupTier tier, DateTimeOffset from, DateTimeOffset last, DateTimeOffset now, IEnumerable<Rollup> rollups)
    {
        var merged = RollupMerger.Merge(rollups);
        var byStart = new Dictionary<DateTimeOffset, ExecutionStats>();
        var bySeries = new Dictionary<MetricSeriesKey, ExecutionStats>();
        var total = new ExecutionStats();
        foreach (var rollup in merged.IsSuccess ? merged.Value : [])
        {
            if (!byStart.TryGetValue(rollup.BucketStart, out var point))
                byStart[rollup.BucketStart] = point = new ExecutionStats();
            point.Merge(rollup.Stats);
            if (!bySeries.TryGetValue(rollup.Key, out var series))
                bySeries[rollup.Key] = series = new ExecutionStats();
            series.Merge(rollup.Stats);
            total.Merge(rollup.Stats);
        }

        var points = new List<MetricsPoint>();
        for (var start = from; start <= last; start += tier.Resolution)
            points.Add(new MetricsPoint(start, byStart.GetValueOrDefault(start) ?? new ExecutionStats()));
        return new MetricsWindow(from, now, tier.Resolution, tier.Name, total, points, bySeries);
    }

    private async Task<List<MetricRollupRow>> ReadRowsAsync(RollupTier tier, DateTimeOffset from, string? promptKey, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.MetricRollups.AsNoTracking().Where(r => r.Tier == tier.Name && r.BucketStart >= from);
        if (promptKey is not null)
            rows = rows.Where(r => r.PromptKey == promptKey);
        return await rows.ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Writes every bucket that changed since the last flush as this instance's row, then forgets
    /// buckets that are closed and written. Returns how many rows were written. A failed write
    /// leaves the buckets marked changed, so the next flush tries again.
    /// </summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        var written = await FlushSeriesAsync(cancellationToken);
        return written + await FlushTenantsAsync(cancellationToken);
    }

    private async Task<int> FlushTenantsAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var (rows, onFailure) = await _tenants.StageAsync(db, now, cancellationToken);
        if (rows == 0)
            return 0;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            onFailure();
            throw;
        }

        return rows;
    }

    /// <summary>
    /// Usage by tenant over the <paramref name="window"/> ending now, from the rollup tier that would
    /// serve the same window's charts (every instance's rows merged, this instance's open buckets from memory).
    /// </summary>
    public async Task<TenantUsageWindow> QueryTenantsAsync(TimeSpan window, CancellationToken cancellationToken = default)
    {
        if (window <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(window), window, "A window must be positive.");
        var now = _time.GetUtcNow();
        var tier = TierFor(window);
        var from = tier.BucketStart(now - window);
        var byTenant = await _tenants.ReadAsync(_dbFactory, tier, from, cancellationToken);
        return new TenantUsageWindow(from, now, tier.Name, byTenant);
    }

    private async Task<int> FlushSeriesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var pending = new List<(RollupTier Tier, MetricSeriesKey Key, DateTimeOffset Start, ExecutionStats Stats, OpenBucket Bucket)>();
        lock (_gate)
        {
            foreach (var tier in _tiers)
            {
                var buckets = _open[tier];
                foreach (var ((key, start), bucket) in buckets.ToArray())
                {
                    if (bucket.Dirty)
                    {
                        pending.Add((tier, key, start, bucket.Stats.Copy(), bucket));
                        bucket.Dirty = false;
                    }
                    else if (start + tier.Resolution <= now)
                    {
                        buckets.Remove((key, start));
                    }
                }
            }
        }

        if (pending.Count == 0)
            return 0;

        try
        {
            await WriteRowsAsync(pending.Select(p => (p.Tier, p.Key, p.Start, p.Stats)).ToArray(), now, cancellationToken);
        }
        catch
        {
            lock (_gate)
            {
                foreach (var entry in pending)
                    entry.Bucket.Dirty = true;
            }

            throw;
        }

        return pending.Count;
    }

    private async Task WriteRowsAsync(IReadOnlyList<(RollupTier Tier, MetricSeriesKey Key, DateTimeOffset Start, ExecutionStats Stats)> buckets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var tierBuckets in buckets.GroupBy(b => b.Tier))
        {
            var tier = tierBuckets.Key;
            var earliest = tierBuckets.Min(b => b.Start);
            var existing = (await db.MetricRollups
                    .Where(r => r.InstanceId == InstanceId && r.Tier == tier.Name && r.BucketStart >= earliest)
                    .ToListAsync(cancellationToken))
                .ToDictionary(r => (r.PromptKey, r.PromptVersion, r.RouteArm, r.Model, r.BucketStart.UtcTicks));
            foreach (var (_, key, start, stats) in tierBuckets)
            {
                var arm = key.RouteArm ?? string.Empty;
                var found = existing.TryGetValue((key.PromptKey, key.PromptVersion, arm, key.Model, start.UtcTicks), out var row);
                var total = Adopt(tier, key, start, stats, found ? row : null);
                if (!found)
                {
                    row = new MetricRollupRow
                    {
                        InstanceId = InstanceId,
                        Tier = tier.Name,
                        BucketStart = start,
                        PromptKey = key.PromptKey,
                        PromptVersion = key.PromptVersion,
                        RouteArm = arm,
                        Model = key.Model,
                    };
                    db.MetricRollups.Add(row);
                }

                row!.Count = total.Count;
                row.Stats = JsonSerializer.Serialize(total.ToSnapshot(), Json);
                row.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The counts to write for a bucket. The first time this process writes a bucket, a row already
    /// stored under this instance id (written before a restart with a fixed <c>InstanceId</c>, or
    /// before the bucket was forgotten) is merged into memory once, so rewriting the row adds to it
    /// instead of overwriting it; after that, memory holds the bucket's whole count.
    /// </summary>
    private ExecutionStats Adopt(RollupTier tier, MetricSeriesKey key, DateTimeOffset start, ExecutionStats stats, MetricRollupRow? stored)
    {
        lock (_gate)
        {
            if (!_open[tier].TryGetValue((key, start), out var bucket) || bucket.Adopted)
                return stats;
            bucket.Adopted = true;
            if (stored is null || Deserialize(stored.Stats) is not { } earlier)
                return stats;
            // Incompatible histograms (a row from another build's layout) cannot be added; the row is then replaced.
            var total = stats.Copy();
            if (!total.Merge(earlier).IsSuccess)
                return stats;
            bucket.Stats.Merge(earlier);
            return total;
        }
    }

    /// <summary>Deletes every instance's rollups that have outlived their tier's retention; returns how many rows went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = 0;
        foreach (var tier in _tiers)
        {
            // RetentionPolicy.IsExpired: start + resolution <= now - retention.
            var lastExpiredStart = now - tier.Retention - tier.Resolution;
            deleted += await db.MetricRollups
                .Where(r => r.Tier == tier.Name && r.BucketStart <= lastExpiredStart)
                .ExecuteDeleteAsync(cancellationToken);
        }

        return deleted + await _tenants.PruneAsync(db, now, cancellationToken);
    }

    private static ExecutionStats? Deserialize(string json)
    {
        try
        {
            var snapshot = JsonSerializer.Deserialize<ExecutionStatsSnapshot>(json, Json);
            if (snapshot is null)
                return null;
            var stats = ExecutionStats.FromSnapshot(snapshot);
            return stats.IsSuccess ? stats.Value : null;
        }
        catch (JsonException)
        {
            // A damaged row must not take the console's charts down; it is left out.
            return null;
        }
    }

    public IDisposable Subscribe(Func<Task> onChanged, TimeSpan minInterval)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var subscription = new Subscription(this, onChanged, minInterval, _time);
        lock (_subscriptions)
        {
            _subscriptions.Add(subscription);
            _subscriptionSnapshot = [.. _subscriptions];
        }

        return subscription;
    }

    private void Unsubscribe(Subscription subscription)
    {
        lock (_subscriptions)
        {
            _subscriptions.Remove(subscription);
            _subscriptionSnapshot = [.. _subscriptions];
        }
    }

    private void NotifySubscribers()
    {
        foreach (var subscription in Volatile.Read(ref _subscriptionSnapshot))
            subscription.Signal();
    }

    private sealed class OpenBucket
    {
        public ExecutionStats Stats { get; } = new();

        public bool Dirty { get; set; }

        /// <summary>True once this process has merged (or found none of) the stored row of an earlier life.</summary>
        public bool Adopted { get; set; }
    }

    /// <summary>
    /// At most one notification is scheduled at a time; signals arriving meanwhile are folded into
    /// it. The first signal after a quiet spell is delivered at once, later ones no sooner than
    /// <c>minInterval</c> after the previous delivery.
    /// </summary>
    private sealed class Subscription(MetricsStore store, Func<Task> onChanged, TimeSpan minInterval, TimeProvider time) : IDisposable
    {
        private int _scheduled;
        private long _lastDelivered = long.MinValue;
        private volatile bool _disposed;

        public void Signal()
        {
            if (_disposed || Interlocked.Exchange(ref _scheduled, 1) == 1)
                return;
            _ = DeliverAsync();
        }

        private async Task DeliverAsync()
        {
            try
            {
                var last = Interlocked.Read(ref _lastDelivered);
                if (last != long.MinValue)
                {
                    var wait = minInterval - time.GetElapsedTime(last);
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait, time);
                }
                else
                {
                    await Task.Yield();
                }

                // Cleared before the callback so a change during it schedules the next delivery.
                Interlocked.Exchange(ref _lastDelivered, time.GetTimestamp());
                Volatile.Write(ref _scheduled, 0);
                if (!_disposed)
                    await onChanged();
            }
            catch (Exception)
            {
                // A subscriber's failure (e.g. a closed circuit) must not reach the request that signalled.
                Volatile.Write(ref _scheduled, 0);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            store.Unsubscribe(this);
        }
    }
}
