using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;

namespace PromptConsole.Web.Infrastructure.Telemetry;

/// <summary>
/// Aggregates the application's meters in memory and writes them in the Prometheus text format
/// 0.0.4. A <see cref="MeterListener"/> takes every measurement of the listened meters;
/// observable instruments are read at scrape time. Only meters created by this host's
/// <see cref="IMeterFactory"/> are taken (plus the process-wide runtime meter), so two hosts in
/// one process — integration tests — do not see each other's measurements.
/// </summary>
public sealed class PrometheusExposition : IDisposable
{
    /// <summary>Meters exposed besides <see cref="PromptConsoleMetrics.MeterName"/>.</summary>
    public static readonly IReadOnlyList<string> FrameworkMeters =
    [
        "System.Runtime",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>The runtime meter is a process-wide static, not created by any host's factory.</summary>
    private static readonly HashSet<string> ProcessWideMeters = new(StringComparer.Ordinal) { "System.Runtime" };

    private const string DroppedSeriesName = "promptconsole_metrics_dropped_series_total";

    private readonly IMeterFactory _meterFactory;
    private readonly HashSet<string> _meterNames;
    private readonly int _maxSeries;
    private readonly MeterListener _listener;
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _familiesGate = new();
    private readonly Lock _scrapeGate = new();
    private readonly StringBuilder _output = new(16 * 1024);
    private MetricFamily[] _sortedFamilies = [];

    public PrometheusExposition(IMeterFactory meterFactory, IOptions<MetricsOptions> options)
        : this(meterFactory, options.Value.MaxSeriesPerMetric, [PromptConsoleMetrics.MeterName, .. FrameworkMeters])
    {
    }

    public PrometheusExposition(IMeterFactory meterFactory, int maxSeriesPerMetric, IEnumerable<string> meterNames)
    {
        _meterFactory = meterFactory;
        _maxSeries = maxSeriesPerMetric;
        _meterNames = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                var family = FamilyFor(instrument);
                if (family is not null)
                    listener.EnableMeasurementEvents(instrument, new Subscription(family, ReportsCurrentValue(instrument)));
            },
        };
        _listener.SetMeasurementEventCallback<double>(static (i, v, t, s) => Take(i, v, t, s));
        _listener.SetMeasurementEventCallback<float>(static (i, v, t, s) => Take(i, v, t, s));
        _listener.SetMeasurementEventCallback<long>(static (i, v, t, s) => Take(i, v, t, s));
        _listener.SetMeasurementEventCallback<int>(static (i, v, t, s) => Take(i, v, t, s));
        _listener.SetMeasurementEventCallback<short>(static (i, v, t, s) => Take(i, v, t, s));
        _listener.SetMeasurementEventCallback<byte>(static (i, v, t, s) => Take(i, v, t, s));
        _listener.SetMeasurementEventCallback<decimal>(static (i, v, t, s) => Take(i, (double)v, t, s));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and writes every family, sorted by name, series sorted by labels.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            _listener.RecordObservableInstruments();
            _output.Clear();
            MetricFamily[] families;
            lock (_familiesGate)
                families = _sortedFamilies;

            foreach (var family in families)
                family.WriteTo(_output);
            WriteDroppedSeries(families);
            return _output.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void WriteDroppedSeries(MetricFamily[] families)
    {
        var headerWritten = false;
        foreach (var family in families)
        {
            var dropped = family.DroppedSeries;
            if (dropped == 0)
                continue;
            if (!headerWritten)
            {
                _output.Append("# HELP ").Append(DroppedSeriesName)
                    .Append(" Label sets folded into the overflow series because the metric reached PromptConsole:Metrics:MaxSeriesPerMetric.\n");
                _output.Append("# TYPE ").Append(DroppedSeriesName).Append(" counter\n");
                headerWritten = true;
            }

            _output.Append(DroppedSeriesName).Append("{metric=\"").Append(family.Name).Append("\"} ").Append(dropped).Append('\n');
        }
    }

    private static void Take<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, IConvertible
    {
        var subscription = (Subscription)state!;
        var number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        if (subscription.ReportsCurrentValue)
            subscription.Family.Set(number, tags);
        else
            subscription.Family.Record(number, tags);
    }

    /// <summary>Observable instruments report totals and gauges report levels: both replace, never add.</summary>
    private static bool ReportsCurrentValue(Instrument instrument) =>
        instrument.IsObservable || instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Gauge<>);

    private sealed record Subscription(MetricFamily Family, bool ReportsCurrentValue);

    private MetricFamily? FamilyFor(Instrument instrument)
    {
        var meter = instrument.Meter;
        if (!_meterNames.Contains(meter.Name))
            return null;
        var ours = ReferenceEquals(meter.Scope, _meterFactory) || meter.Scope is null && ProcessWideMeters.Contains(meter.Name);
        if (!ours)
            return null;

        var kind = KindOf(instrument);
        if (kind is null)
            return null;

        var name = PrometheusText.FamilyName(instrument.Name, instrument.Unit, kind == MetricKind.Counter);
        lock (_familiesGate)
        {
            if (_families.TryGetValue(name, out var existing))
                return existing.Kind == kind ? existing : null; // one name, one type: a clash of kinds is left out

            var family = new MetricFamily(
                name,
                string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description,
                kind.Value,
                _maxSeries,
                kind == MetricKind.Histogram ? BucketBounds(instrument) : null);
            _families.Add(name, family);
            var sorted = _families.Values.ToArray();
            Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            _sortedFamilies = sorted;
            return family;
        }
    }

    private static MetricKind? KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
            return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
            return MetricKind.Counter;
        if (definition == typeof(Histogram<>))
            return MetricKind.Histogram;
        if (definition == typeof(UpDownCounter<>) || definition == typeof(ObservableUpDownCounter<>)
            || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
            return MetricKind.Gauge;
        return null;
    }

    /// <summary>The instrument's advised boundaries, else OpenTelemetry's defaults (seconds get a latency scale).</summary>
    private static IReadOnlyList<double> BucketBounds(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Instrument<double> d => d.Advice?.HistogramBucketBoundaries,
            Instrument<float> f => f.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<long> l => l.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Count: > 0 })
            return advised;
        return instrument.Unit == "s"
            ? [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]
            : [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
    }
}
