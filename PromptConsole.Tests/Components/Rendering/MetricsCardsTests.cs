using Bunit;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Components.Controls;
using PromptConsole.Web.Model;
using static PromptConsole.Tests.Components.MetricsWindows;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components.Rendering;

/// <summary>The cards of the metrics pages: cache levels, errors by type, quality, top prompts, the empty state and the status line.</summary>
public class MetricsCardsTests : MudComponentTest
{
    private static MetricsSummary Summary(params ExecutionObservation[] observations) => MetricsSummary.Of(Seconds(observations));

    private static readonly MetricsSummary Mixed = Summary(
        Observation(Key("alpha"), cache: CacheLevel.Exact, costUsd: 0),
        Observation(Key("alpha"), feedback: 4),
        Observation(Key("alpha"), automated: 0.9),
        Observation(Key("beta"), ExecutionOutcome.ProviderFailed, "timeout", costUsd: 0.01m, attempts: 3));

    [Fact]
    public void The_cache_card_shows_the_hit_rate_and_a_bar_per_level()
    {
        var card = Render<CacheLevelsCard>(p => p.Add(c => c.Summary, Mixed));

        Assert.Equal("0.25", card.Find("[data-testid=cache-hit-rate]").GetAttribute("data-value"));
        Assert.Equal("3", card.Find("[data-testid=cache-level][data-level=miss]").GetAttribute("data-value"));
        Assert.Equal("width: 25%", card.Find("[data-testid=cache-level][data-level=exact] .pc-bar-fill").GetAttribute("style"));
    }

    [Fact]
    public void The_errors_card_lists_types_or_says_there_were_none()
    {
        var card = Render<ErrorTypesCard>(p => p.Add(c => c.Summary, Mixed).Add(c => c.Range, MetricsRange.Live));
        Assert.Equal("1", card.Find("[data-testid=error-type][data-type=timeout]").GetAttribute("data-value"));

        var none = Render<ErrorTypesCard>(p => p.Add(c => c.Summary, Summary(Observation())).Add(c => c.Range, MetricsRange.LastDay));
        Assert.Equal("No errors in the last 24 hours.", none.Find(".pc-card-empty").TextContent);
    }

    [Fact]
    public void The_quality_card_shows_both_averages_and_the_most_scored_prompts()
    {
        var card = Render<QualityCard>(p => p.Add(c => c.Summary, Mixed));

        Assert.Equal("4", card.Find("[data-testid=quality-feedback]").GetAttribute("data-value"));
        Assert.Equal("1", card.Find("[data-testid=quality-automated]").GetAttribute("data-count"));
        Assert.Equal("alpha", card.Find("[data-testid=quality-row]").GetAttribute("data-prompt"));
        Assert.NotNull(card.Find(".mud-simple-table"));

        var byVersion = Render<QualityCard>(p => p.Add(c => c.Summary, Mixed).Add(c => c.ShowPrompts, false));
        Assert.Empty(byVersion.FindAll("[data-testid=quality-row]"));
        Assert.Contains("by version", byVersion.Find(".pc-card-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_top_prompts_card_links_each_prompt_or_says_nothing_ran()
    {
        var traffic = Render<TopPromptsCard>(p => p.Add(c => c.Title, "Top").Add(c => c.Prompts, Mixed.TopByTraffic).Add(c => c.TestId, "top-traffic"));
        var rows = traffic.FindAll("[data-testid=top-traffic-row]");
        Assert.Equal(["alpha", "beta"], rows.Select(r => r.GetAttribute("data-prompt")));
        Assert.Equal("3", rows[0].GetAttribute("data-value"));
        Assert.Equal("prompts/beta", rows[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("75%", rows[0].QuerySelector(".pc-share-text")!.TextContent);

        var cost = Render<TopPromptsCard>(p => p.Add(c => c.Title, "Cost").Add(c => c.Prompts, Mixed.TopByCost).Add(c => c.ByCost, true).Add(c => c.TestId, "top-cost"));
        Assert.Equal("beta", cost.FindAll("[data-testid=top-cost-row]")[0].GetAttribute("data-prompt"));
        Assert.Contains(cost.FindAll("th"), h => h.TextContent == "Per execution");

        var empty = Render<TopPromptsCard>(p => p.Add(c => c.Title, "Top").Add(c => c.Prompts, []).Add(c => c.TestId, "top-traffic"));
        Assert.Equal("Nothing ran in this range.", empty.Find(".pc-card-empty").TextContent);
    }

    [Fact]
    public void The_empty_state_names_the_range_and_the_prompt()
    {
        var live = Render<MetricsEmptyState>(p => p.Add(c => c.Range, MetricsRange.Live));
        Assert.Contains("updates by itself", live.Markup, StringComparison.Ordinal);
        Assert.Equal("prompts", live.Find("a").GetAttribute("href"));

        var rollup = Render<MetricsEmptyState>(p => p.Add(c => c.Range, MetricsRange.LastWeek).Add(c => c.Subject, "greet"));
        Assert.Contains("No executions in the last 7 days of greet", rollup.Find(".pc-empty-title").TextContent, StringComparison.Ordinal);
        Assert.Contains("rollups", rollup.Markup, StringComparison.Ordinal);
        Assert.Empty(rollup.FindAll("a"));
    }

    [Fact]
    public void The_status_line_says_what_the_figures_cover_and_when_they_were_updated()
    {
        var status = Render<MetricsStatus>(p => p.Add(c => c.Summary, Mixed).Add(c => c.Range, MetricsRange.Live)
            .Add(c => c.UpdatedAt, new DateTimeOffset(2026, 3, 1, 12, 0, 30, TimeSpan.Zero)));

        Assert.NotNull(status.Find(".pc-live-dot"));
        Assert.Contains("The last 15 minutes · 1 s points from memory", status.Markup, StringComparison.Ordinal);
        Assert.Contains("updated 12:00:30 UTC", status.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_bar_is_as_wide_as_its_share()
    {
        var bar = Render<ShareBar>(p => p.Add(c => c.Share, 0.375));

        Assert.Equal("width: 37.5%", bar.Find(".pc-share-bar").GetAttribute("style"));
        Assert.Equal("37.5%", bar.Find(".pc-share-text").TextContent);
    }

    [Fact]
    public void The_kpis_put_fourteen_tiles_on_the_page_and_colour_a_bad_error_rate()
    {
        var kpis = Render<MetricsKpis>(p => p.Add(c => c.Summary, Mixed).Add(c => c.Range, MetricsRange.Live).Add(c => c.ShowPromptCount, true));

        Assert.Equal(14, kpis.FindAll("[data-testid=kpis] > .pc-kpi").Count);
        Assert.Contains("pc-kpi-bad", kpis.Find("[data-testid=kpi-error-rate]").ClassList);
        Assert.Equal("2 prompts", kpis.Find("[data-testid=kpi-executions] .pc-kpi-detail").TextContent);
    }

    [Fact]
    public void The_chart_grid_has_the_five_charts_and_the_pages_own_cards()
    {
        var charts = DashboardCharts.For(Seconds([Observation()], [Observation(latencyMs: 300)]));

        var grid = Render<MetricsChartGrid>(p => p.Add(c => c.Charts, charts).Add(c => c.Range, MetricsRange.Live)
            .AddChildContent<CacheLevelsCard>(c => c.Add(x => x.Summary, Mixed)));

        Assert.Equal(["chart-requests", "chart-latency", "chart-errors", "chart-cost", "chart-tokens"],
            grid.FindAll(".pc-chart-card[data-testid^=chart-]").Select(c => c.GetAttribute("data-testid")));
        Assert.NotNull(grid.Find("[data-testid=charts] .mud-grid-item [data-testid=cache-levels]"));
        Assert.All(grid.FindAll(".mud-grid-item"), item => Assert.Contains("mud-grid-item-xs-12", item.ClassList));
    }
}
