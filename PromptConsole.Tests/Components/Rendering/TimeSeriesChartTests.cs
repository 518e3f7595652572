using Bunit;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components.Rendering;

public class TimeSeriesChartTests : MudComponentTest
{
    private static readonly DateTime Start = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private static ChartData Latency(params double?[] p95) => new("latency", "Latency", "End-to-end", ChartUnit.Milliseconds,
    [
        new ChartSeries("p95", p95.Select((v, i) => new ChartPoint(Start.AddSeconds(i), v)).ToArray(), p95.Max(), ChartPalette.P95),
    ]);

    [Fact]
    public void It_draws_the_series_on_a_MudBlazor_chart_with_a_legend_in_the_chart_unit()
    {
        var chart = Render<TimeSeriesChart>(p => p.Add(c => c.Data, Latency(120, 250, null, 180)).Add(c => c.Range, MetricsRange.LiveFiveMinutes));

        var card = chart.Find("[data-testid=chart-latency]");
        Assert.Equal("1", card.GetAttribute("data-series-count"));
        Assert.NotNull(card.QuerySelector(".mud-chart svg.mud-chart-line"));
        var legend = chart.Find("[data-testid=chart-series]");
        Assert.Equal("p95", legend.GetAttribute("data-series"));
        Assert.Equal("250", legend.GetAttribute("data-value"));
        Assert.Equal("250 ms", legend.QuerySelector(".pc-legend-value")!.TextContent);
        // MudBlazor draws once its script has measured the box (not in bUnit): what it was given is checked instead.
        // The gap splits the series in two runs, plus the invisible series that spans the time axis.
        var plot = chart.Instance.CurrentPlot;
        Assert.Equal([2, 1, 2], plot.Series.Select(s => s.Data.Count));
        Assert.Equal([ChartPalette.P95, ChartPalette.P95, TimeSeriesPlot.AxisAnchorColor], plot.Options.ChartPalette);
        // The y axis steps by 100 ms, labelled in milliseconds, never in plotted steps.
        Assert.Equal(100, plot.Step);
        Assert.Equal("200 ms", plot.Options.YAxisToStringFunc!(2));
    }

    [Fact]
    public void A_refresh_replaces_the_series_list()
    {
        var chart = Render<TimeSeriesChart>(p => p.Add(c => c.Data, Latency(120, 250)).Add(c => c.Range, MetricsRange.LiveFiveMinutes));
        var before = chart.Instance.CurrentPlot.Series;

        chart.Render(p => p.Add(c => c.Data, Latency(120, 250, 900)));

        var after = chart.Instance.CurrentPlot;
        Assert.NotSame(before, after.Series);
        Assert.Equal(2, before[0].Data.Count);
        Assert.Equal(3, after.Series[0].Data.Count);
        Assert.Equal("900 ms", chart.Find(".pc-legend-value").TextContent);
        Assert.Equal("1 s", after.Options.YAxisToStringFunc!(1000 / after.Step));
    }
}
