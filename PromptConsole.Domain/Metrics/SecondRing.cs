namespace PromptConsole.Domain.Metrics;

/// <summary>One second of a chart series: the aggregate of the matching series in that second (empty when nothing ran).</summary>
public sealed record SecondPoint(DateTimeOffset Second, ExecutionStats Stats);

/// <summary>One second's aggregates by series (copies), as another instance needs them to merge this one's traffic.</summary>
public sealed record SecondSeries(long Second, IReadOnlyDictionary<MetricSeriesKey, ExecutionStats> Series);

/// <summary>
/// Per-second aggregates for the most recent <see cref="SlotCount"/> seconds (15 minutes by
/// default), for live charts and short burn-rate windows. Slot i holds second s when
/// s mod SlotCount = i; a slot is recycled when a later second claims it, so memory stays bounded
/// without a sweeper. Time is always passed in. Safe to use from several threads.
/// </summary>
public sealed class SecondRing
{
    public const int DefaultSlotCount = 15 * 60;

    private readonly Slot[] _slots;
    private readonly double _latencyRelativeAccuracy;
    private readonly Lock _gate = new();
    private long? _latestSecond;
    private long _version;

    public SecondRing(int slotCount = DefaultSlotCount, double latencyRelativeAccuracy = LogHistogram.DefaultRelativeAccuracy)
    {
        if (slotCount < 1)
            throw new ArgumentOutOfRangeException(nameof(slotCount), slotCount, "The ring needs at least one slot.");
        if (!LogHistogram.IsValidRelativeAccuracy(latencyRelativeAccuracy))
            throw new ArgumentOutOfRangeException(nameof(latencyRelativeAccuracy), latencyRelativeAccuracy, "Invalid latency histogram accuracy.");

        _latencyRelativeAccuracy = latencyRelativeAccuracy;
        _slots = new Slot[slotCount];
        for (var i = 0; i < slotCount; i++)
            _slots[i] = new Slot();
    }

    public int SlotCount => _slots.Length;

    public TimeSpan Span => TimeSpan.FromSeconds(_slots.Length);

    /// <summary>
    /// Counts <paramref name="observation"/> in the second holding <paramref name="at"/>. Returns
    /// false, counting nothing, when that second has already left the ring (it is older than
    /// <see cref="SlotCount"/> seconds before the latest second seen).
    /// </summary>
    public bool Add(ExecutionObservation observation, DateTimeOffset at) =>
        Update(observation.Key, at, stats => stats.Add(observation));

    /// <summary>
    /// Counts a quality score (e.g. feedback that arrived after its execution was counted) in the
    /// second holding <paramref name="at"/>; same refusal rule as <see cref="Add"/>.
    /// </summary>
    public bool AddQuality(MetricSeriesKey key, QualitySource source, double score, DateTimeOffset at) =>
        Update(key, at, stats => stats.AddQualityScore(source, score));

    private bool Update(MetricSeriesKey key, DateTimeOffset at, Action<ExecutionStats> change)
    {
        var second = SecondOf(at);
        lock (_gate)
        {
            if (_latestSecond is { } latest && second <= latest - _slots.Length)
                return false;

            var slot = _slots[SlotIndex(second)];
            if (slot.Second != second)
            {
                if (slot.Second is { } held && held > second)
                    return false;
                slot.Reset(second);
            }

            if (!slot.Series.TryGetValue(key, out var stats))
            {
                stats = new ExecutionStats(_latencyRelativeAccuracy);
                slot.Series.Add(key, stats);
            }

            change(stats);
            slot.Version = ++_version;
            if (_latestSecond is null || second > _latestSecond)
                _latestSecond = second;
            return true;
        }
    }

    /// <summary>
    /// The merged aggregate of matching series over the <paramref name="window"/> ending with (and
    /// including) the second holding <paramref name="now"/>. Windows longer than the ring are cut to it.
    /// </summary>
    public ExecutionStats Query(DateTimeOffset now, TimeSpan window, Func<MetricSeriesKey, bool>? filter = null)
    {
        var total = new ExecutionStats(_latencyRelativeAccuracy);
        lock (_gate)
        {
            foreach (var second in WindowSeconds(now, window))
            {
                foreach (var (key, stats) in SeriesAt(second))
                {
                    if (filter is null || filter(key))
                        total.Merge(stats);
                }
            }
        }

        return total;
    }

    /// <summary>Like <see cref="Query"/>, but one aggregate per series, e.g. to compare the arms of an experiment.</summary>
    public IReadOnlyDictionary<MetricSeriesKey, ExecutionStats> QueryByKey(DateTimeOffset now, TimeSpan window, Func<MetricSeriesKey, bool>? filter = null)
    {
        var bySeries = new Dictionary<MetricSeriesKey, ExecutionStats>();
        lock (_gate)
        {
            foreach (var second in WindowSeconds(now, window))
            {
                foreach (var (key, stats) in SeriesAt(second))
                {
                    if (filter is not null && !filter(key))
                        continue;
                    if (!bySeries.TryGetValue(key, out var total))
                    {
                        total = new ExecutionStats(_latencyRelativeAccuracy);
                        bySeries.Add(key, total);
                    }

                    total.Merge(stats);
                }
            }
        }

        return bySeries;
    }

    /// <summary>One point per second of the window, oldest first, for charts; seconds with no executions have empty aggregates.</summary>
    public IReadOnlyList<SecondPoint> Series(DateTimeOffset now, TimeSpan window, Func<MetricSeriesKey, bool>? filter = null)
    {
        var points = new List<SecondPoint>();
        lock (_gate)
        {
            foreach (var second in WindowSeconds(now, window))
            {
                var total = new ExecutionStats(_latencyRelativeAccuracy);
                foreach (var (key, stats) in SeriesAt(second))
                {
                    if (filter is null || filter(key))
                        total.Merge(stats);
                }

                points.Add(new SecondPoint(DateTimeOffset.UnixEpoch.AddSeconds(second), total));
            }
        }

        return points;
    }

    /// <summary>
    /// The seconds changed since <paramref name="version"/> (0 for all), as copies, and the version to
    /// pass next time in <paramref name="current"/>: an instance publishes only what changed since its last publication.
    /// </summary>
    public IReadOnlyList<SecondSeries> ChangedSince(long version, out long current)
    {
        var changed = new List<SecondSeries>();
        lock (_gate)
        {
            foreach (var slot in _slots)
            {
                if (slot.Version <= version || slot.Second is not { } second)
                    continue;
                changed.Add(new SecondSeries(second, slot.Series.ToDictionary(s => s.Key, s => s.Value.Copy())));
            }

            current = _version;
        }

        changed.Sort((a, b) => a.Second.CompareTo(b.Second));
        return changed;
    }

    /// <summary>The second holding <paramref name="at"/>, in whole seconds since the Unix epoch.</summary>
    public static long SecondNumber(DateTimeOffset at) => SecondOf(at);

    /// <summary>Whole seconds since the Unix epoch, floored (so times before 1970 still fall in the right second).</summary>
    private static long SecondOf(DateTimeOffset at)
    {
        var ticks = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var second = ticks / TimeSpan.TicksPerSecond;
        return ticks % TimeSpan.TicksPerSecond < 0 ? second - 1 : second;
    }

    private int SlotIndex(long second) => (int)(((second % _slots.Length) + _slots.Length) % _slots.Length);

    private IEnumerable<long> WindowSeconds(DateTimeOffset now, TimeSpan window)
    {
        var seconds = (long)Math.Ceiling(window.TotalSeconds);
        seconds = Math.Clamp(seconds, 0, _slots.Length);
        var last = SecondOf(now);
        for (var second = last - seconds + 1; second <= last; second++)
            yield return second;
    }

    private IEnumerable<KeyValuePair<MetricSeriesKey, ExecutionStats>> SeriesAt(long second)
    {
        var slot = _slots[SlotIndex(second)];
        return slot.Second == second ? slot.Series : [];
    }

    private sealed class Slot
    {
        public long? Second { get; private set; }

        public Dictionary<MetricSeriesKey, ExecutionStats> Series { get; } = [];

        /// <summary>The ring's change counter at this slot's last update.</summary>
        public long Version { get; set; }

        public void Reset(long second)
        {
            Second = second;
            Series.Clear();
        }
    }
}
