using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Model;
using MudBlazor.Services;
using static PromptConsole.Tests.Components.MetricsWindows;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components;

/// <summary>The test hooks of the metrics controls, through the framework's HtmlRenderer.</summary>
public class MetricsMarkupTests
{
    [Fact]
    public async Task A_tile_carries_its_raw_number_whatever_the_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var html = await RenderAsync<KpiTile>(new()
            {
                [nameof(KpiTile.Label)] = "Error rate",
                [nameof(KpiTile.Value)] = 0.25,
                [nameof(KpiTile.Display)] = MetricsFormat.Percent(0.25),
                [nameof(KpiTile.TestId)] = "kpi-error-rate",
            });

            Assert.Contains("data-testid=\"kpi-error-rate\" data-value=\"0.25\"", html, StringComparison.Ordinal);
            Assert.Contains(">25%<", html, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task The_kpis_of_a_summary_each_have_a_hook_and_an_absent_figure_an_empty_value()
    {
        var summary = MetricsSummary.Of(Seconds(Repeat(4, Observation(latencyMs: 80, costUsd: 0.5m))));

        var html = await RenderAsync<MetricsKpis>(new() { [nameof(MetricsKpis.Summary)] = summary, [nameof(MetricsKpis.Range)] = MetricsRange.Live });

        Assert.Contains("data-testid=\"kpi-executions\" data-value=\"4\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"kpi-cost\" data-value=\"2.0\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"kpi-feedback-quality\" data-value=\"\"", html, StringComparison.Ordinal);
        foreach (var id in new[] { "kpi-rate", "kpi-p50", "kpi-p95", "kpi-p99", "kpi-error-rate", "kpi-cache-hit-rate", "kpi-cost-per-minute", "kpi-projected-cost", "kpi-input-tokens", "kpi-output-tokens", "kpi-automated-quality" })
            Assert.Contains($"data-testid=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("cost rate &#xD7; 24 h", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chart_lists_each_series_with_its_value_over_the_range()
    {
        var v1 = Seconds(Repeat(2, Observation(Key(version: 1))));
        var v2 = Seconds(Repeat(6, Observation(Key(version: 2))));
        var charts = DashboardCharts.ByVersion([(1, v1), (2, v2)]);

        var html = await RenderAsync<TimeSeriesChart>(new() { [nameof(TimeSeriesChart.Data)] = charts.Requests, [nameof(TimeSeriesChart.Range)] = MetricsRange.LiveFiveMinutes });

        Assert.Contains("data-testid=\"chart-requests\" data-series-count=\"2\"", html, StringComparison.Ordinal);
        Assert.Contains("data-series=\"v1\" data-value=\"2\"", html, StringComparison.Ordinal);
        Assert.Contains("data-series=\"v2\" data-value=\"6\"", html, StringComparison.Ordinal);
        Assert.Contains("6/s", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_empty_state_explains_where_traffic_comes_from()
    {
        var html = await RenderAsync<MetricsEmptyState>(new() { [nameof(MetricsEmptyState.Range)] = MetricsRange.Live });

        Assert.Contains("data-testid=\"metrics-empty\"", html, StringComparison.Ordinal);
        Assert.Contains("No executions in the last 15 minutes", html, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/prompts/{key}/execute", html, StringComparison.Ordinal);
        Assert.Contains("updates by itself", html, StringComparison.Ordinal);
    }

    private static async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMudServices();
        services.AddSingleton<IJSRuntime, NoJavaScript>();
        services.AddSingleton<NavigationManager, FixedNavigation>();
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }

    /// <summary>MudBlazor's services ask where the page is.</summary>
    private sealed class FixedNavigation : NavigationManager
    {
        public FixedNavigation() => Initialize("http://localhost/", "http://localhost/");
    }

    /// <summary>MudBlazor components ask for a JS runtime; static rendering never calls it.</summary>
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException($"Static rendering called JavaScript '{identifier}'.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            throw new InvalidOperationException($"Static rendering called JavaScript '{identifier}'.");
    }
}
