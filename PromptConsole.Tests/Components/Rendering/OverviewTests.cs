using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Components.Pages.Overview;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components.Rendering;

public class OverviewTests : MudComponentTest
{
    private readonly MetricsPageServices _metrics;

    public OverviewTests()
    {
        _metrics = MetricsPageServices.AddTo(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private void Run(int count, string prompt = "alpha", ExecutionOutcome outcome = ExecutionOutcome.Success, string? errorType = null, decimal costUsd = 0.002m)
    {
        for (var i = 0; i < count; i++)
            _metrics.Store.Observe(Observation(Key(prompt), outcome, errorType, latencyMs: 120 + i, costUsd: costUsd), MetricsPageServices.Now.AddSeconds(-i));
    }

    private IRenderedComponent<Overview> RenderOverview(string? range = null)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("range", range));
        var page = Render<Overview>();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=overview-page]").GetAttribute("data-loaded")));
        return page;
    }

    [Fact]
    public void Releases_in_progress_lists_the_live_canaries_even_without_traffic()
    {
        _metrics.Canaries.Add(PromptConsole.Tests.Components.Rollouts.CanaryFixtures.Running());

        var page = RenderOverview();

        var card = page.WaitForElement("[data-testid=releases-in-progress]");
        Assert.NotNull(card.QuerySelector($"[data-testid=canary-row-{PromptConsole.Tests.Components.Rollouts.CanaryFixtures.Key}]"));
    }

    [Fact]
    public void With_nothing_run_it_shows_zero_tiles_and_explains_where_traffic_comes_from()
    {
        var page = RenderOverview();

        Assert.Equal("15m", page.Find("[data-testid=overview-page]").GetAttribute("data-range"));
        Assert.Equal("0", page.Find("[data-testid=kpi-executions]").GetAttribute("data-value"));
        Assert.Contains("No executions in the last 15 minutes", page.Find("[data-testid=metrics-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=charts]"));
        Assert.Empty(page.FindAll("[data-testid=metrics-failure]"));
    }

    [Fact]
    public void With_traffic_it_shows_the_tiles_five_charts_and_the_cards()
    {
        Run(4, "alpha");
        Run(2, "beta", ExecutionOutcome.ProviderFailed, "timeout", costUsd: 0);

        var page = RenderOverview();

        Assert.Equal("6", page.Find("[data-testid=kpi-executions]").GetAttribute("data-value"));
        Assert.Contains("kpi-bad", page.Find("[data-testid=kpi-error-rate]").ClassName, StringComparison.Ordinal);
        foreach (var chart in new[] { "requests", "latency", "errors", "cost", "tokens" })
            Assert.NotNull(page.Find($"[data-testid=chart-{chart}] svg"));
        Assert.Equal(["p50", "p95", "p99"], page.FindAll("[data-testid=chart-latency] [data-testid=chart-series]").Select(s => s.GetAttribute("data-series")));
        var traffic = page.FindAll("[data-testid=top-traffic-row]");
        Assert.Equal(["alpha", "beta"], traffic.Select(r => r.GetAttribute("data-prompt")));
        Assert.Equal("prompts/alpha", traffic[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("2", page.Find("[data-testid=error-type][data-type=timeout]").GetAttribute("data-value"));
        Assert.NotNull(page.Find("[data-testid=cache-levels]"));
        Assert.NotNull(page.Find("[data-testid=quality]"));
        Assert.Empty(page.FindAll("[data-testid=metrics-empty]"));
    }

    [Fact]
    public void Choosing_a_range_puts_it_in_the_address()
    {
        var page = RenderOverview();
        var navigation = Services.GetRequiredService<NavigationManager>();

        page.FindAll("[data-testid=range-selector] .mud-toggle-item").Single(b => b.TextContent.Trim() == "24 h").Click();

        Assert.EndsWith("?range=24h", navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("24h", page.Find("[data-testid=overview-page]").GetAttribute("data-range")));
    }

    [Fact]
    public void The_range_comes_from_the_address_and_a_failed_read_is_reported()
    {
        var page = RenderOverview("1h");

        Assert.Equal("1h", page.Find("[data-testid=overview-page]").GetAttribute("data-range"));
        Assert.Equal("1h", page.Find("[data-testid=range-selector]").GetAttribute("data-range"));
        Assert.NotEmpty(page.Find("[data-testid=metrics-failure]").TextContent.Trim());
    }

    [Fact]
    public void An_execution_reaches_the_open_page_without_a_reload()
    {
        Run(1);
        var page = RenderOverview();
        Assert.Equal("1", page.Find("[data-testid=kpi-executions]").GetAttribute("data-value"));

        Run(3, "gamma");

        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=kpi-executions]").GetAttribute("data-value")), TimeSpan.FromSeconds(5));
        Assert.Contains(page.FindAll("[data-testid=top-traffic-row]"), r => r.GetAttribute("data-prompt") == "gamma");
        Assert.Equal(4.ToString(CultureInfo.InvariantCulture), page.Find("[data-testid=kpi-executions]").GetAttribute("data-value"));
    }
}
