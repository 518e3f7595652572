using System.Globalization;
using MudBlazor;
using MudBlazor.Charts;
using PromptConsole.Web.Model;
using MudSeries = MudBlazor.ChartSeries<double>;

namespace PromptConsole.Web.Components.Controls;

/// <summary>
/// A <see cref="ChartData"/> as MudBlazor's time-series chart draws it, built anew for every new
/// data (the chart is handed a new series list, never a changed one).
/// <para>
/// Two things MudBlazor's chart does not do by itself are done here. Its y axis steps by a whole
/// number of data units (<c>YAxisTicks</c> is an int), which squashes error rates (0–1) and dollars
/// per minute (fractions of a cent) onto the bottom line: values are plotted in units of a "nice"
/// step (1, 2 or 5 × 10ⁿ of the real unit) and the axis labels multiply back. And it has no gaps:
/// a series is split into one MudBlazor series per run of measured points, so a stretch where
/// nothing ran (no latency to measure) stays empty instead of being bridged by a line.
/// </para>
/// </summary>
public sealed class TimeSeriesPlot
{
    /// <summary>How the tooltip finds the hovered point again: MudBlazor hands back the formatted time only.</summary>
    public const string TooltipTimeFormat = "yyyyMMddHHmmssfff";

    /// <summary>Draws nothing: it only stretches the time axis over the whole range, so every chart of a page shares one axis.</summary>
    public const string AxisAnchorColor = "transparent";

    /// <summary>About this many horizontal grid lines above zero.</summary>
    private const double TargetSteps = 4;

    private TimeSeriesPlot(ChartData data, List<MudSeries> series, TimeSeriesChartOptions options, double step)
    {
        Data = data;
        Series = series;
        Options = options;
        Step = step;
    }

    public ChartData Data { get; }

    /// <summary>The segments to draw, the time-axis anchor last.</summary>
    public List<MudSeries> Series { get; }

    public TimeSeriesChartOptions Options { get; }

    /// <summary>What one plotted unit is worth in the chart's real unit.</summary>
    public double Step { get; }

    public static TimeSeriesPlot For(ChartData data, MetricsRange range)
    {
        // The largest size either side of zero: an experiment's effect may be negative throughout.
        var max = data.Series.SelectMany(s => s.Points).Select(p => Math.Abs(p.Value ?? 0)).DefaultIfEmpty(0).Max();
        var step = NiceStep(max / TargetSteps);

        var series = new List<MudSeries>();
        var palette = new List<string>();
        var isolated = false;
        foreach (var source in data.Series)
        {
            foreach (var run in Runs(source.Points))
            {
                isolated |= run.Length == 1;
                series.Add(new MudSeries
                {
                    Name = source.Name,
                    Data = run.Select(p => new TimeValue<double>(p.Time, p.Value!.Value / step)).ToArray(),
                });
                palette.Add(source.Color);
            }
        }

        var times = data.Series.SelectMany(s => s.Points).Select(p => p.Time).ToArray();
        if (times.Length > 0)
        {
            series.Add(new MudSeries { Name = string.Empty, Data = new[] { new TimeValue<double>(times.Min(), 0), new TimeValue<double>(times.Max(), 0) } });
            palette.Add(AxisAnchorColor);
        }

        var labelSpacing = LabelSpacing(range);
        var options = new TimeSeriesChartOptions
        {
            ChartPalette = palette.ToArray(),
            ShowLegend = false,
            YAxisTicks = 1,
            YAxisRequireZeroPoint = true,
            YAxisToStringFunc = value => MetricsFormat.Tick(data.Unit, value * step),
            LineStrokeWidth = 2,
            // A point with no neighbour has no line to show it: draw the points then.
            ShowDataMarkers = isolated,
            LineDisplayType = data.IsArea ? LineDisplayType.Area : LineDisplayType.Line,
            TimeLabelSpacing = labelSpacing,
            // Labels fall on whole minutes (or days), so seconds would only widen them past a phone's width.
            TimeLabelFormat = labelSpacing >= TimeSpan.FromDays(1) ? "MMM d" : "HH:mm",
            TimeLabelSpacingRounding = true,
            TooltipTimeLabelFormat = TooltipTimeFormat,
        };
        return new TimeSeriesPlot(data, series, options, step);
    }

    /// <summary>About five labels on the time axis whatever the range, so they fit a phone's width.</summary>
    public static TimeSpan LabelSpacing(MetricsRange range) => range.Window.TotalMinutes switch
    {
        <= 5 => TimeSpan.FromMinutes(1),
        <= 15 => TimeSpan.FromMinutes(3),
        <= 60 => TimeSpan.FromMinutes(15),
        <= 1440 => TimeSpan.FromHours(6),
        _ => TimeSpan.FromDays(1),
    };

    /// <summary>1, 2 or 5 × 10ⁿ at or above <paramref name="raw"/>; 1 when there is nothing to scale.</summary>
    public static double NiceStep(double raw)
    {
        if (!double.IsFinite(raw) || raw <= 0)
            return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / magnitude;
        var nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>The series and the real value at a hovered point, or null for the axis anchor.</summary>
    public (Model.ChartSeries Series, ChartPoint Point)? Find(string color, string labelTime)
    {
        if (!DateTime.TryParseExact(labelTime, TooltipTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return null;
        foreach (var series in Data.Series.Where(s => string.Equals(s.Color, color, StringComparison.OrdinalIgnoreCase)))
        {
            var point = series.Points.FirstOrDefault(p => p.Value is not null && Math.Abs((p.Time - time).TotalMilliseconds) < 1);
            if (point is not null)
                return (series, point);
        }

        return null;
    }

    private static IEnumerable<ChartPoint[]> Runs(IReadOnlyList<ChartPoint> points)
    {
        var run = new List<ChartPoint>();
        foreach (var point in points)
        {
            if (point.Value is not null && double.IsFinite(point.Value.Value))
            {
                run.Add(point);
                continue;
            }

            if (run.Count > 0)
                yield return run.ToArray();
            run.Clear();
        }

        if (run.Count > 0)
            yield return run.ToArray();
    }
}
