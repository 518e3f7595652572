using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Model;

/// <summary>
/// The experiment page's charts, built fresh from each result (charts get new series, never changed
/// ones). The effect chart draws each treatment's cumulative effect on the primary metric with its
/// always-valid (sequential) interval as a lower and an upper line, and a zero line: where the band
/// leaves zero the effect is significant, however often the chart was looked at. The sample chart
/// draws each arm's number of observations of the primary metric.
/// </summary>
public sealed record ExperimentCharts(ChartData Effect, ChartData SampleSize, MetricsRange Range)
{
    public const string ZeroColor = "#5f6368";

    /// <summary>Appended to an arm's colour for its interval lines: the same hue, lighter, and a distinct colour for the tooltip to find.</summary>
    public const string BoundAlpha = "99";

    /// <summary>Timeline points are hourly or wider; a narrower axis would have nothing between two points.</summary>
    private static readonly TimeSpan ShortestSpan = TimeSpan.FromHours(1);

    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    /// <summary>Null while the timeline is empty (no treatment has enough observations yet).</summary>
    public static ExperimentCharts? From(ExperimentResults results)
    {
        if (results.Timeline.Count == 0)
            return null;

        var times = results.Timeline.Select(p => p.At).Distinct().Order().ToArray();
        var versions = results.Arms.ToDictionary(a => a.Name, a => a.Version, StringComparer.Ordinal);
        string ColorOf(string arm) => ChartPalette.ForVersion(versions.TryGetValue(arm, out var version) ? version : 1);
        var treatments = results.Timeline.Select(p => p.Arm).Distinct(StringComparer.Ordinal).ToArray();

        var effectSeries = new List<ChartSeries>();
        foreach (var arm in treatments)
        {
            var points = results.Timeline.Where(p => p.Arm == arm).OrderBy(p => p.At).ToArray();
            var last = points[^1];
            var color = ColorOf(arm);
            effectSeries.Add(new ChartSeries(arm, Points(points, p => p.Estimate), last.Estimate, color));
            effectSeries.Add(new ChartSeries($"{arm} lower", Points(points, p => p.Lower), last.Lower, color + BoundAlpha, Dashed: true));
            effectSeries.Add(new ChartSeries($"{arm} upper", Points(points, p => p.Upper), last.Upper, color + BoundAlpha, Dashed: true));
        }

        effectSeries.Add(new ChartSeries("zero", times.Select(t => new ChartPoint(t.UtcDateTime, 0)).ToArray(), 0, ZeroColor, Dashed: true));

        var control = results.Arms.FirstOrDefault(a => a.Control)?.Name ?? "control";
        var controlPoints = results.Timeline.GroupBy(p => p.At).OrderBy(g => g.Key).Select(g => g.First()).ToArray();
        var sampleSeries = new List<ChartSeries>
        {
            new(control, Points(controlPoints, p => p.ControlN), controlPoints[^1].ControlN, ColorOf(control)),
        };
        foreach (var arm in treatments)
        {
            var points = results.Timeline.Where(p => p.Arm == arm).OrderBy(p => p.At).ToArray();
            sampleSeries.Add(new ChartSeries(arm, Points(points, p => p.ArmN), points[^1].ArmN, ColorOf(arm)));
        }

        var metric = ExperimentFormat.MetricLabel(results.PrimaryMetric);
        var span = times[^1] - times[0];
        var range = new MetricsRange("experiment", "Experiment", span < ShortestSpan ? ShortestSpan : span, Refresh, Refresh);
        return new ExperimentCharts(
            new ChartData("effect", $"Effect on {metric.ToLowerInvariant()} vs control",
                "Cumulative; dashed: always-valid interval. Significant when the band excludes 0.",
                ExperimentFormat.EffectUnit(results.PrimaryMetric), effectSeries),
            new ChartData("sample-size", "Sample size", $"Observations of {metric.ToLowerInvariant()} per arm", ChartUnit.Count, sampleSeries),
            range);
    }

    private static ChartPoint[] Points(IEnumerable<TimelinePoint> points, Func<TimelinePoint, double> value) =>
        points.Select(p => new ChartPoint(p.At.UtcDateTime, value(p))).ToArray();
}
