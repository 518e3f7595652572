using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>What a chart's values measure; decides how axes, legends and tooltips write them.</summary>
public enum ChartUnit
{
    PerSecond,
    Milliseconds,
    Share,
    UsdPerMinute,
    TokensPerMinute,

    /// <summary>US dollars (an experiment's effect on cost per execution).</summary>
    Usd,

    /// <summary>A plain count, e.g. an experiment arm's sample size.</summary>
    Count,

    /// <summary>A score without a unit (feedback 1–5, automated score 0–1).</summary>
    Score,

    /// <summary>An SLO's burn rate: how many times faster than the period allows the error budget is spent (×1 spends it exactly).</summary>
    BurnRate,
}

/// <summary>One plotted value. A null value is a gap: nothing ran, so there is nothing to measure.</summary>
public sealed record ChartPoint(DateTime Time, double? Value);

/// <param name="Summary">The series' value over the whole range, shown next to its name in the legend.</param>
/// <param name="Dashed">Drawn dashed, so a line it often covers (p95 under p99) still shows.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points, double? Summary, string Color, bool Dashed = false);

/// <param name="Key">Stable name for test hooks (<c>chart-{Key}</c>).</param>
/// <param name="Hint">How to read the chart, e.g. which quantile a per-version line is.</param>
/// <param name="Filled">Volumes (requests, cost) are drawn as a filled area when there is one series.</param>
public sealed record ChartData(string Key, string Title, string Hint, ChartUnit Unit, IReadOnlyList<ChartSeries> Series, bool Filled = false)
{
    /// <summary>
    /// Lines otherwise: overlapping filled areas hide each other, and an area cannot
    /// leave a gap where nothing ran (volumes never have gaps; latency and error rate do).
    /// </summary>
    public bool IsArea => Filled && Series.Count == 1 && Series[0].Points.All(p => p.Value is not null);
}

/// <summary>
/// The time-series charts both metrics pages show, built fresh from each query (charts are
/// given new series, never changed ones). The overview splits a chart by what it measures (p50,
/// p95, p99; input and output tokens); the prompt page splits every chart by version.
/// </summary>
public sealed record DashboardCharts(ChartData Requests, ChartData Latency, ChartData Errors, ChartData Cost, ChartData Tokens)
{
    public IReadOnlyList<ChartData> All => [Requests, Latency, Errors, Cost, Tokens];

    public static DashboardCharts For(MetricsWindow window)
    {
        var total = window.Total;
        return new DashboardCharts(
            new ChartData("requests", "Requests per second", "Executions of every prompt", ChartUnit.PerSecond,
                [new ChartSeries("requests", MetricsSeries.RequestRate(window), MetricsSeries.RequestRateOverall(window), ChartPalette.Requests)], Filled: true),
            new ChartData("latency", "Latency", "End-to-end, per point", ChartUnit.Milliseconds,
            [
                new ChartSeries("p50", MetricsSeries.Latency(window, 0.50), total.LatencyMs.Quantile(0.50), ChartPalette.P50),
                new ChartSeries("p95", MetricsSeries.Latency(window, 0.95), total.LatencyMs.Quantile(0.95), ChartPalette.P95),
                new ChartSeries("p99", MetricsSeries.Latency(window, 0.99), total.LatencyMs.Quantile(0.99), ChartPalette.P99, Dashed: true),
            ]),
            new ChartData("errors", "Error rate", "Output rejected or provider failed", ChartUnit.Share,
                [new ChartSeries("errors", MetricsSeries.ErrorRate(window), total.ErrorRate(), ChartPalette.Errors)]),
            new ChartData("cost", "Cost per minute", "Model spend in US dollars", ChartUnit.UsdPerMinute,
                [new ChartSeries("cost", MetricsSeries.CostPerMinute(window), (double)MetricsSeries.CostPerMinuteOverall(window), ChartPalette.Cost)], Filled: true),
            new ChartData("tokens", "Tokens per minute", "Sent to and returned by models", ChartUnit.TokensPerMinute,
            [
                new ChartSeries("input", MetricsSeries.TokensPerMinute(window, s => s.InputTokens), MetricsSeries.TokensPerMinuteOverall(window, s => s.InputTokens), ChartPalette.InputTokens),
                new ChartSeries("output", MetricsSeries.TokensPerMinute(window, s => s.OutputTokens), MetricsSeries.TokensPerMinuteOverall(window, s => s.OutputTokens), ChartPalette.OutputTokens),
            ]));
    }

    /// <summary>The same charts with one series per version, from one window per version (oldest version first).</summary>
    public static DashboardCharts ByVersion(IReadOnlyList<(int Version, MetricsWindow Window)> versions)
    {
        ChartSeries Series(int version, MetricsWindow window, Func<MetricsWindow, IReadOnlyList<ChartPoint>> points, double? summary) =>
            new($"v{version}", points(window), summary, ChartPalette.ForVersion(version));

        var ordered = versions.OrderBy(v => v.Version).ToArray();
        return new DashboardCharts(
            new ChartData("requests", "Requests per second", "By version", ChartUnit.PerSecond,
                ordered.Select(v => Series(v.Version, v.Window, MetricsSeries.RequestRate, MetricsSeries.RequestRateOverall(v.Window))).ToArray(), Filled: true),
            new ChartData("latency", "p95 latency", "By version; the table has p50 and p99", ChartUnit.Milliseconds,
                ordered.Select(v => Series(v.Version, v.Window, w => MetricsSeries.Latency(w, 0.95), v.Window.Total.LatencyMs.Quantile(0.95))).ToArray()),
            new ChartData("errors", "Error rate", "By version", ChartUnit.Share,
                ordered.Select(v => Series(v.Version, v.Window, MetricsSeries.ErrorRate, v.Window.Total.ErrorRate())).ToArray()),
            new ChartData("cost", "Cost per minute", "By version, US dollars", ChartUnit.UsdPerMinute,
                ordered.Select(v => Series(v.Version, v.Window, MetricsSeries.CostPerMinute, (double)MetricsSeries.CostPerMinuteOverall(v.Window))).ToArray(), Filled: true),
            new ChartData("tokens", "Tokens per minute", "By version, input + output", ChartUnit.TokensPerMinute,
                ordered.Select(v => Series(v.Version, v.Window, w => MetricsSeries.TokensPerMinute(w, s => s.InputTokens + s.OutputTokens), MetricsSeries.TokensPerMinuteOverall(v.Window, s => s.InputTokens + s.OutputTokens))).ToArray()));
    }
}

/// <summary>Series colours: fixed per measure, and per version number so v2 keeps its colour on every chart and refresh.</summary>
public static class ChartPalette
{
    public const string Requests = "#1a73e8";
    public const string P50 = "#1e8e3e";
    public const string P95 = "#f29900";
    public const string P99 = "#d93025";
    public const string Errors = "#d93025";
    public const string Cost = "#188038";
    public const string InputTokens = "#1a73e8";
    public const string OutputTokens = "#9334e6";

    private static readonly string[] Versions = ["#1a73e8", "#e8710a", "#1e8e3e", "#9334e6", "#d01884", "#12b5cb", "#5f6368", "#b06000"];

    public static string ForVersion(int version) => Versions[(((version - 1) % Versions.Length) + Versions.Length) % Versions.Length];
}
