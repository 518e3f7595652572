using System.Collections.Concurrent;
using System.Text;

namespace PromptConsole.Web.Infrastructure.Telemetry;

public enum MetricKind
{
    /// <summary>Monotonic: measurements add up (Counter) or report the running total (ObservableCounter).</summary>
    Counter,

    /// <summary>A value that goes up and down: summed (UpDownCounter) or last observed (gauges, observable up-down counters).</summary>
    Gauge,

    Histogram,
}

/// <summary>
/// The series of one Prometheus metric family, keyed by their rendered label string. At most
/// <see cref="MaxSeries"/> label sets are kept; later ones are folded into an <c>overflow</c>
/// series and counted in <see cref="DroppedSeries"/>.
/// </summary>
internal sealed class MetricFamily
{
    // Distinct dropped label sets are remembered by a 64-bit hash so the count is of label sets,
    // not of measurements; past this many the memory stays bounded and the count approximate.
    private const int MaxRememberedDrops = 100_000;

    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Series>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly HashSet<ulong> _droppedHashes = [];
    private readonly Lock _gate = new();
    private readonly double[] _bounds;
    private readonly string[] _boundLabels;
    private Series[] _sorted = [];
    private int _regularSeries;
    private long _droppedSeries;

    public MetricFamily(string name, string help, MetricKind kind, int maxSeries, IReadOnlyList<double>? bucketBounds = null)
    {
        Name = name;
        Help = PrometheusText.HelpText(help);
        Kind = kind;
        MaxSeries = maxSeries;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        _bounds = kind == MetricKind.Histogram ? NormaliseBounds(bucketBounds ?? []) : [];
        _boundLabels = Array.ConvertAll(_bounds, PrometheusText.FormatValue);
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public int MaxSeries { get; }

    public int SeriesCount => _series.Count;

    public long DroppedSeries => Interlocked.Read(ref _droppedSeries);

    /// <summary>Adds a measurement (counters, up-down counters) or observes it (histograms).</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(tags);
        if (Kind == MetricKind.Histogram)
            series.Observe(value, _bounds);
        else
            series.Add(value);
    }

    /// <summary>Replaces the value (gauges and every observable instrument, which report totals).</summary>
    public void Set(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Find(tags).Set(value);

    public void WriteTo(StringBuilder output)
    {
        var series = SortedSeries();
        if (series.Length == 0)
            return;

        output.Append("# HELP ").Append(Name).Append(' ').Append(Help).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(Kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');

        foreach (var s in series)
        {
            if (Kind == MetricKind.Histogram)
                WriteHistogram(output, s);
            else
                WriteSample(output, Name, s.Labels, s.Value);
        }
    }

    private void WriteHistogram(StringBuilder output, Series series)
    {
        // Buckets are read once and summed here, so every bucket, +Inf and _count agree even
        // while measurements keep arriving.
        var cumulative = 0L;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref series.Buckets![i]);
            WriteBucket(output, series.Labels, _boundLabels[i], cumulative);
        }

        cumulative += Interlocked.Read(ref series.Buckets![_bounds.Length]);
        WriteBucket(output, series.Labels, "+Inf", cumulative);
        WriteSample(output, Name + "_sum", series.Labels, series.Value);
        WriteSample(output, Name + "_count", series.Labels, cumulative);
    }

    private void WriteBucket(StringBuilder output, string labels, string bound, long cumulative)
    {
        output.Append(Name).Append("_bucket{");
        if (labels.Length > 0)
            output.Append(labels).Append(',');
        output.Append("le=\"").Append(bound).Append("\"} ").Append(cumulative).Append('\n');
    }

    private static void WriteSample(StringBuilder output, string name, string labels, double value)
    {
        output.Append(name);
        if (labels.Length > 0)
            output.Append('{').Append(labels).Append('}');
        output.Append(' ');
        PrometheusText.AppendValue(output, value);
        output.Append('\n');
    }

    private Series[] SortedSeries()
    {
        // Series are never removed, so a count change is the only reason to sort again.
        var sorted = _sorted;
        if (sorted.Length == _series.Count)
            return sorted;
        lock (_gate)
        {
            var all = _series.Values.ToArray();
            Array.Sort(all, static (a, b) => string.CompareOrdinal(a.Labels, b.Labels));
            _sorted = all;
            return all;
        }
    }

    private Series Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = LabelRenderer.Render(tags);
        if (_lookup.TryGetValue(labels, out var existing))
            return existing;

        lock (_gate)
        {
            if (_lookup.TryGetValue(labels, out existing))
                return existing;

            if (_regularSeries < MaxSeries)
            {
                var added = new Series(labels.ToString(), Kind == MetricKind.Histogram ? _bounds.Length + 1 : 0);
                _series[added.Labels] = added;
                _regularSeries++;
                return added;
            }

            var hash = Fnv1a(labels);
            if (_droppedHashes.Count < MaxRememberedDrops ? _droppedHashes.Add(hash) : !_droppedHashes.Contains(hash))
                Interlocked.Increment(ref _droppedSeries);

            var overflowLabels = LabelRenderer.Render(tags, overflow: true);
            if (_lookup.TryGetValue(overflowLabels, out var overflow))
                return overflow;
            overflow = new Series(overflowLabels.ToString(), Kind == MetricKind.Histogram ? _bounds.Length + 1 : 0);
            _series[overflow.Labels] = overflow;
            return overflow;
        }
    }

    private static ulong Fnv1a(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    private static double[] NormaliseBounds(IReadOnlyList<double> bounds)
    {
        var sorted = bounds.Where(b => !double.IsNaN(b) && !double.IsInfinity(b)).Distinct().ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>One label set's state. Doubles are updated with compare-exchange loops, buckets with Interlocked.</summary>
    private sealed class Series(string labels, int bucketCount)
    {
        private double _value;

        public string Labels { get; } = labels;

        /// <summary>Per-bucket (not cumulative) counts; the last one is above every bound.</summary>
        public long[]? Buckets { get; } = bucketCount > 0 ? new long[bucketCount] : null;

        public double Value => Volatile.Read(ref _value);

        public void Add(double amount)
        {
            var current = Volatile.Read(ref _value);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref _value, current + amount, current);
                if (seen.Equals(current))
                    return;
                current = seen;
            }
        }

        public void Set(double value) => Volatile.Write(ref _value, value);

        public void Observe(double value, double[] bounds)
        {
            // Prometheus buckets are "less than or equal": the first bound at or above the value.
            var index = Array.BinarySearch(bounds, value);
            if (index < 0)
                index = ~index;
            Interlocked.Increment(ref Buckets![index]);
            Add(value);
        }
    }
}
