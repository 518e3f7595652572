using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Model.Slos;

/// <summary>
/// The SLO page's charts from one read of the burn series: the burn rate of every window (×1 spends the budget
/// exactly over the period) and the budget left. Built fresh from each read; charts get new series, never changed ones.
/// </summary>
public sealed record SloCharts(ChartData BurnRates, ChartData Budget, MetricsRange Range)
{
    public static MetricsRange SixHours { get; } = new("6h", "6 h", TimeSpan.FromHours(6), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    /// <summary>The ranges the page offers; the SLO windows go up to 3 days.</summary>
    public static IReadOnlyList<MetricsRange> Ranges { get; } = [MetricsRange.LastHour, SixHours, MetricsRange.LastDay, MetricsRange.LastWeek];

    public static MetricsRange DefaultRange => MetricsRange.LastDay;

    public static MetricsRange ParseRange(string? key) => Ranges.FirstOrDefault(r => r.Key == key) ?? DefaultRange;

    private static readonly IReadOnlyDictionary<string, string> Colors = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["5m"] = "#d93025",
        ["30m"] = "#e8710a",
        ["1h"] = "#f29900",
        ["6h"] = "#1a73e8",
        ["1d"] = "#9334e6",
        ["3d"] = "#1e8e3e",
    };

    /// <summary>Null while the series has no point.</summary>
    public static SloCharts? From(IReadOnlyList<SloBurnPoint> points, MetricsRange range)
    {
        if (points.Count == 0)
            return null;
        var ordered = points.OrderBy(p => p.At).ToArray();
        var burn = new ChartData("slo-burn", "Burn rate per window", "×1 spends the error budget exactly over the period", ChartUnit.BurnRate,
            SloFormat.Windows.Select(window =>
            {
                var series = ordered.Select(p => new ChartPoint(p.At.UtcDateTime, SloFormat.RateOf(p.BurnRates, window.Name))).ToArray();
                return new ChartSeries(window.Name, series, series.LastOrDefault(p => p.Value is not null)?.Value, Colors[window.Name], Dashed: window.Name is "1d" or "3d");
            }).ToArray());
        var budget = new ChartData("slo-budget", "Error budget remaining", "Share of the period's budget left", ChartUnit.Share,
            [new ChartSeries("budget", ordered.Select(p => new ChartPoint(p.At.UtcDateTime, p.BudgetRemaining)).ToArray(), ordered[^1].BudgetRemaining, ChartPalette.Requests)]);
        return new SloCharts(burn, budget, range);
    }
}
