using PromptConsole.Domain.Metrics;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// The other instances' live seconds, merged per second and series, as last read by
/// <see cref="LiveBucketExchange"/> (about once a second). The metrics store adds them to its own ring
/// when it answers a live window, so the overview shows the whole fleet while this instance's own
/// seconds still come straight from memory. Readers never wait on I/O: the data is swapped in whole.
/// </summary>
public sealed class FleetLiveSeconds
{
    private readonly Lock _gate = new();
    private Dictionary<long, Dictionary<MetricSeriesKey, ExecutionStats>> _seconds = [];
    private Dictionary<long, string> _signatures = [];

    /// <summary>Raised (on the exchange's thread) when a read brought something new; must not throw.</summary>
    public event Action? Changed;

    /// <summary>Seconds currently held (for tests and diagnostics).</summary>
    public int Count => Volatile.Read(ref _seconds).Count;

    /// <summary>
    /// Replaces the seconds from <paramref name="fromSecond"/> to <paramref name="toSecond"/> with what was
    /// read (every instance's payloads for them) and forgets seconds before <paramref name="keepFrom"/>.
    /// </summary>
    public void Replace(long fromSecond, long toSecond, IReadOnlyList<LiveSecondPayload> payloads, long keepFrom)
    {
        var bySecond = payloads.GroupBy(p => p.Second).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Instance, StringComparer.Ordinal).ThenBy(p => p.Payload, StringComparer.Ordinal).ToArray());
        var changed = false;
        lock (_gate)
        {
            var seconds = new Dictionary<long, Dictionary<MetricSeriesKey, ExecutionStats>>(_seconds.Where(s => s.Key >= keepFrom && (s.Key < fromSecond || s.Key > toSecond)));
            var signatures = new Dictionary<long, string>(_signatures.Where(s => s.Key >= keepFrom && (s.Key < fromSecond || s.Key > toSecond)));
            for (var second = Math.Max(fromSecond, keepFrom); second <= toSecond; second++)
            {
                var previous = _signatures.GetValueOrDefault(second);
                if (!bySecond.TryGetValue(second, out var read))
                {
                    changed |= previous is not null;
                    continue;
                }

                var signature = string.Join('\n', read.Select(p => p.Instance + "\t" + p.Payload));
                signatures[second] = signature;
                if (signature == previous && _seconds.TryGetValue(second, out var same))
                {
                    seconds[second] = same;
                    continue;
                }

                changed = true;
                var merged = new Dictionary<MetricSeriesKey, ExecutionStats>();
                foreach (var payload in read)
                {
                    foreach (var (key, stats) in LiveSecondCodec.Decode(payload.Payload))
                    {
                        if (merged.TryGetValue(key, out var held))
                            held.Merge(stats);
                        else
                            merged[key] = stats;
                    }
                }

                seconds[second] = merged;
            }

            Volatile.Write(ref _seconds, seconds);
            _signatures = signatures;
        }

        if (changed)
            Changed?.Invoke();
    }

    /// <summary>Adds the other instances' matching series of <paramref name="second"/> to <paramref name="target"/>.</summary>
    public void AddTo(long second, Func<MetricSeriesKey, bool> matches, ExecutionStats target)
    {
        if (!Volatile.Read(ref _seconds).TryGetValue(second, out var series))
            return;
        foreach (var (key, stats) in series)
        {
            if (matches(key))
                target.Merge(stats);
        }
    }

    /// <summary>Adds the other instances' matching series of the seconds, series by series, to <paramref name="bySeries"/>.</summary>
    public void AddByKey(long fromSecond, long toSecond, Func<MetricSeriesKey, bool> matches, Dictionary<MetricSeriesKey, ExecutionStats> bySeries)
    {
        foreach (var (second, series) in Volatile.Read(ref _seconds))
        {
            if (second < fromSecond || second > toSecond)
                continue;
            foreach (var (key, stats) in series)
            {
                if (!matches(key))
                    continue;
                if (!bySeries.TryGetValue(key, out var total))
                    bySeries[key] = total = stats.EmptyLike();
                total.Merge(stats);
            }
        }
    }
}
