using PromptConsole.Domain.Execution;
using PromptConsole.Web.Model;
using static PromptConsole.Tests.Components.MetricsWindows;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components;

/// <summary>Chart points from windows: rates per point, gaps where nothing ran, one series per version.</summary>
public class DashboardChartsTests
{
    [Fact]
    public void Each_point_is_a_rate_over_its_own_duration_and_the_newest_over_the_time_elapsed_in_it()
    {
        // Three-second points (the live range's 15 minutes in 300 points); the window ends 1.5 s into the third.
        var window = Of(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1.5), Repeat(6, Observation(costUsd: 0.03m)), None, Repeat(3, Observation()));

        var rate = MetricsSeries.RequestRate(window);
        Assert.Equal([2.0, 0.0, 2.0], rate.Select(p => p.Value!.Value));
        Assert.Equal([Start.UtcDateTime, Start.UtcDateTime.AddSeconds(3), Start.UtcDateTime.AddSeconds(6)], rate.Select(p => p.Time));
        Assert.Equal(DateTimeKind.Utc, rate[0].Time.Kind);

        // $0.18 in 3 s is $3.60 a minute.
        Assert.Equal(3.6, MetricsSeries.CostPerMinute(window)[0].Value!.Value, 12);
    }

    [Fact]
    public void A_point_that_has_only_just_begun_counts_as_at_least_a_second()
    {
        var window = Of(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(10), Repeat(60, Observation()), Repeat(2, Observation()));

        Assert.Equal(TimeSpan.FromSeconds(1), MetricsSeries.PointDuration(window, 1));
        Assert.Equal(TimeSpan.FromMinutes(1), MetricsSeries.PointDuration(window, 0));
        Assert.Equal([1.0, 2.0], MetricsSeries.RequestRate(window).Select(p => p.Value!.Value));
    }

    [Fact]
    public void Latency_and_error_rate_have_gaps_where_nothing_ran_while_volumes_are_zero()
    {
        var window = Seconds([Observation(latencyMs: 200)], None, [Observation(outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout", latencyMs: 900)]);
        var charts = DashboardCharts.For(window);

        var p50 = charts.Latency.Series.Single(s => s.Name == "p50").Points;
        Assert.Null(p50[1].Value);
        Assert.Equal(200, p50[0].Value!.Value, 2);
        Assert.Equal([0.0, null, 1.0], charts.Errors.Series[0].Points.Select(p => p.Value));
        Assert.Equal([1.0, 0.0, 1.0], charts.Requests.Series[0].Points.Select(p => p.Value));
        Assert.Equal([0.06, 0.0, 0.06], charts.Cost.Series[0].Points.Select(p => Math.Round(p.Value!.Value, 12)));

        // Volumes are filled areas; a measure with gaps is a line.
        Assert.True(charts.Requests.IsArea);
        Assert.False(charts.Errors.IsArea);
        Assert.False(charts.Latency.IsArea);
    }

    [Fact]
    public void The_overview_splits_latency_into_quantiles_and_tokens_into_input_and_output_with_range_values_in_the_legend()
    {
        var window = Seconds(Enumerable.Range(1, 100).Select(ms => Observation(latencyMs: ms, inputTokens: 6, outputTokens: 3)).ToArray(), None);
        var charts = DashboardCharts.For(window);

        Assert.Equal(["requests", "latency", "errors", "cost", "tokens"], charts.All.Select(c => c.Key));
        Assert.Equal(["p50", "p95", "p99"], charts.Latency.Series.Select(s => s.Name));
        Assert.Equal(99, charts.Latency.Series[2].Summary!.Value, 99 * 0.01);
        Assert.Equal(["input", "output"], charts.Tokens.Series.Select(s => s.Name));

        // 600 input tokens in 2 s: 18,000 a minute; 100 executions in 2 s: 50 a second.
        Assert.Equal(18_000, charts.Tokens.Series[0].Summary!.Value, 9);
        Assert.Equal(50, charts.Requests.Series[0].Summary!.Value, 9);
    }

    [Fact]
    public void Per_version_charts_draw_one_series_per_version_oldest_first_in_a_colour_of_its_own()
    {
        var v1 = Seconds(Repeat(4, Observation(Key(version: 1), latencyMs: 100)), None);
        var v3 = Seconds(None, Repeat(2, Observation(Key(version: 3), latencyMs: 300)));
        var charts = DashboardCharts.ByVersion([(3, v3), (1, v1)]);

        foreach (var chart in charts.All)
            Assert.Equal(["v1", "v3"], chart.Series.Select(s => s.Name));
        Assert.Equal([4.0, 0.0], charts.Requests.Series[0].Points.Select(p => p.Value!.Value));
        Assert.Equal(300, charts.Latency.Series[1].Summary!.Value, 3);
        Assert.Equal(ChartPalette.ForVersion(3), charts.Requests.Series[1].Color);
        Assert.Equal(charts.Requests.Series[1].Color, charts.Cost.Series[1].Color);
        Assert.NotEqual(charts.Requests.Series[0].Color, charts.Requests.Series[1].Color);
        Assert.False(charts.Requests.IsArea);
    }

    [Fact]
    public void Versions_one_to_eight_have_distinct_colours_which_then_repeat()
    {
        Assert.Equal(8, Enumerable.Range(1, 8).Select(ChartPalette.ForVersion).Distinct().Count());
        Assert.Equal(ChartPalette.ForVersion(1), ChartPalette.ForVersion(9));
        Assert.Equal(ChartPalette.ForVersion(2), ChartPalette.ForVersion(18));
    }
}
