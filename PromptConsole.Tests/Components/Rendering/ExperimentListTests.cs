using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Components.Pages.Experiments;

namespace PromptConsole.Tests.Components.Rendering;

public class ExperimentListTests : ExperimentPageTest
{
    [Fact]
    public void Rows_link_to_the_experiment_and_its_prompt_and_show_status_arms_and_decision()
    {
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Running, "greeting-tone", "greeting"));
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Stopped, "summary-tone", "summary", ExperimentDecision.Ship("warm"), "clear lift"));

        var page = Render<ExperimentList>();

        page.WaitForAssertion(() => Assert.Equal("experiments/greeting-tone", ByTestId(page, "experiment-link-greeting-tone").GetAttribute("href")));
        Assert.Equal("prompts/greeting", ByTestId(page, "experiment-prompt-greeting-tone").GetAttribute("href"));
        Assert.Equal("Running", ByTestId(page, "experiment-status-greeting-tone").GetAttribute("data-status"));
        Assert.Equal("Stopped", ByTestId(page, "experiment-status-summary-tone").GetAttribute("data-status"));
        var arms = ByTestId(page, "experiment-arms-greeting-tone").TextContent;
        Assert.Contains("control → v1 · 50%", arms, StringComparison.Ordinal);
        Assert.Contains("warm → v2 · 50%", arms, StringComparison.Ordinal);
        Assert.Equal("ship warm", ByTestId(page, "experiment-decision-summary-tone").TextContent);
        Assert.Equal("clear lift", ByTestId(page, "experiment-decision-summary-tone").GetAttribute("title"));
        Assert.Contains("Success rate", ByTestId(page, "experiment-table").TextContent, StringComparison.Ordinal);
        Assert.Equal("experiments/new", ByTestId(page, "new-experiment").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=experiment-table-empty]"));
    }

    [Fact]
    public void Without_experiments_it_says_how_to_start_one()
    {
        var page = Render<ExperimentList>();

        page.WaitForAssertion(() => Assert.Contains("No experiments yet", ByTestId(page, "experiment-table-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void The_prompt_filter_shows_only_that_prompts_experiments()
    {
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Running, "greeting-tone", "greeting"));
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Running, "summary-tone", "summary"));

        Services.GetRequiredService<NavigationManager>().NavigateTo("experiments?prompt=greeting");
        var page = Render<ExperimentList>();

        page.WaitForAssertion(() => Assert.True(Has(page, "experiment-link-greeting-tone")));
        Assert.False(Has(page, "experiment-link-summary-tone"));
        Assert.Contains("greeting", ByTestId(page, "experiment-filter").TextContent, StringComparison.Ordinal);
    }
}
