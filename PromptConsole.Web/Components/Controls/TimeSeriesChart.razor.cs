using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Charts;
using PromptConsole.Web.Model;

namespace PromptConsole.Web.Components.Controls;

public partial class TimeSeriesChart
{
    /// <summary>A fixed height: with a percentage MudBlazor falls back to 350 px when no ancestor has a fixed height.</summary>
    private const string ChartHeight = "190px";

    private ChartData? _plotted;
    private MetricsRange? _plottedRange;

    [Parameter, EditorRequired]
    public ChartData Data { get; set; } = default!;

    [Parameter, EditorRequired]
    public MetricsRange Range { get; set; } = default!;

    private TimeSeriesPlot Plot { get; set; } = default!;

    /// <summary>What the chart was last given: a new plot, with a new series list, for every new data.</summary>
    internal TimeSeriesPlot CurrentPlot => Plot;

    /// <summary>The data arrives as a new object on every refresh; only then is a new plot (and series list) built.</summary>
    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_plotted, Data) && ReferenceEquals(_plottedRange, Range))
            return;
        Plot = TimeSeriesPlot.For(Data, Range);
        _plotted = Data;
        _plottedRange = Range;
    }

    /// <summary>The hovered point in the chart's unit and the range's time format (UTC, as everywhere in the console).</summary>
    private RenderFragment<(SvgPath Point, string Color)> Tooltip => hovered => builder =>
    {
        if (Plot.Find(hovered.Color, hovered.Point.LabelXValue) is not { } found)
            return;
        builder.OpenComponent<ChartTooltip>(0);
        builder.AddComponentParameter(1, nameof(ChartTooltip.Title), MetricsFormat.Of(Data.Unit, found.Point.Value));
        builder.AddComponentParameter(2, nameof(ChartTooltip.Subtitle),
            $"{found.Series.Name} · {found.Point.Time.ToString(Range.TimeFormat, CultureInfo.InvariantCulture)} UTC");
        builder.AddComponentParameter(3, nameof(ChartTooltip.Color), hovered.Color);
        builder.AddComponentParameter(4, nameof(ChartTooltip.X), 0d);
        builder.AddComponentParameter(5, nameof(ChartTooltip.Y), 0d);
        builder.CloseComponent();
    };
}
