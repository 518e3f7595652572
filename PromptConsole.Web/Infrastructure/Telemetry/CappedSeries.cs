using System.Collections.Concurrent;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// The labelled children of one or more prometheus-net metrics that share a label set, cached per
/// label tuple so a recording is one dictionary lookup rather than a <c>WithLabels</c> call.
/// prometheus-net keeps every label set it is given, so this is also the cardinality guard: past
/// <c>maxSeries</c> label sets, new ones get the <c>overflow</c> series (every label value
/// <c>overflow</c>) and each distinct one is counted once by <c>onDropped</c>.
/// </summary>
/// <typeparam name="TKey">The label values as a tuple: cheap to hash, no string built per recording.</typeparam>
/// <typeparam name="TSeries">The child (or children, for metrics recorded together) of one label set.</typeparam>
public sealed class CappedSeries<TKey, TSeries>(int maxSeries, Func<TKey, TSeries> create, Func<TSeries> createOverflow, Action onDropped)
    where TKey : notnull
    where TSeries : class
{
    // Dropped label sets are remembered so the count is of label sets, not of recordings; past
    // this many the memory stays bounded and the count approximate.
    private const int MaxRememberedDrops = 100_000;

    private readonly ConcurrentDictionary<TKey, TSeries> _series = new();
    private readonly HashSet<TKey> _dropped = [];
    private readonly Lock _gate = new();
    private int _count;
    private TSeries? _overflow;

    public TSeries Get(TKey key) => _series.TryGetValue(key, out var series) ? series : Add(key);

    private TSeries Add(TKey key)
    {
        lock (_gate)
        {
            if (_series.TryGetValue(key, out var series))
                return series;

            if (_count < maxSeries)
            {
                series = create(key);
                _series[key] = series;
                _count++;
                return series;
            }

            if (_dropped.Count < MaxRememberedDrops ? _dropped.Add(key) : !_dropped.Contains(key))
                onDropped();
            return _overflow ??= createOverflow();
        }
    }
}
