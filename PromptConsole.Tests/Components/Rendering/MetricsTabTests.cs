using Bunit;
using Microsoft.AspNetCore.Components;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Pages.Prompts;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components.Rendering;

public class MetricsTabTests : MudComponentTest
{
    private readonly MetricsPageServices _metrics;

    public MetricsTabTests()
    {
        _metrics = MetricsPageServices.AddTo(Services);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private void Run(int version, int count, string model = "sim-fast")
    {
        for (var i = 0; i < count; i++)
            _metrics.Store.Observe(Observation(Key("greeting", version, model: model), latencyMs: 100 * version), MetricsPageServices.Now.AddSeconds(-i));
    }

    private async Task<IRenderedComponent<MetricsTab>> OpenAsync()
    {
        var prompt = await (await PromptFixtures.RegistryWithGreetingAsync(versions: 2)).PromptAsync("greeting");
        var tab = Render<MetricsTab>(p => p.Add(t => t.Prompt, prompt));
        tab.WaitForAssertion(() => Assert.Equal("true", tab.Find("[data-testid=prompt-metrics]").GetAttribute("data-loaded")));
        return tab;
    }

    [Fact]
    public async Task It_has_a_row_per_version_and_model_linking_to_their_executions_and_a_series_per_version()
    {
        Run(1, 3);
        Run(2, 2);

        var tab = await OpenAsync();

        var rows = tab.FindAll("[data-testid=version-row]");
        Assert.Equal(["1", "2"], rows.Select(r => r.GetAttribute("data-version")).Order());
        Assert.Equal("3", rows.Single(r => r.GetAttribute("data-version") == "1").GetAttribute("data-value"));
        Assert.Equal("executions?prompt=greeting&version=2", rows.Single(r => r.GetAttribute("data-version") == "2").QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(tab.Find("[data-testid=version-table].mud-simple-table"));
        foreach (var chart in new[] { "requests", "latency", "errors", "cost", "tokens" })
            Assert.Equal(["v1", "v2"], tab.FindAll($"[data-testid=chart-{chart}] [data-testid=chart-series]").Select(s => s.GetAttribute("data-series")));
        Assert.Empty(tab.FindAll("[data-testid=metrics-empty]"));
    }

    [Fact]
    public async Task With_nothing_run_it_names_the_prompt_in_the_empty_state()
    {
        var tab = await OpenAsync();

        Assert.Contains("of greeting", tab.Find("[data-testid=metrics-empty]").TextContent, StringComparison.Ordinal);
        Assert.Empty(tab.FindAll("[data-testid=version-row]"));
    }

    [Fact]
    public async Task Switching_to_a_rollup_range_reports_a_failed_read_and_switching_back_recovers()
    {
        Run(1, 2);
        var tab = await OpenAsync();

        tab.Find("[data-testid=range-1h]").Click();
        tab.WaitForAssertion(() => Assert.NotEmpty(tab.FindAll("[data-testid=metrics-failure]")));
        Assert.Equal("1h", tab.Find("[data-testid=prompt-metrics]").GetAttribute("data-range"));

        tab.Find("[data-testid=range-5m]").Click();
        tab.WaitForAssertion(() => Assert.Empty(tab.FindAll("[data-testid=metrics-failure]")));
        Assert.Equal("5m", tab.Find("[data-testid=prompt-metrics]").GetAttribute("data-range"));
        Assert.Equal("2", tab.Find("[data-testid=kpi-executions]").GetAttribute("data-value"));
    }

    [Fact]
    public async Task A_new_execution_reaches_the_open_tab()
    {
        Run(1, 1);
        var tab = await OpenAsync();

        Run(2, 1);

        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll("[data-testid=version-row]").Count), TimeSpan.FromSeconds(5));
    }
}
