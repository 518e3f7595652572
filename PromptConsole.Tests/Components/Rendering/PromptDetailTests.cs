using Bunit;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Components.Pages.Prompts;

namespace PromptConsole.Tests.Components.Rendering;

public class PromptDetailTests : PromptPageTest
{
    public PromptDetailTests()
    {
        // The Metrics tab belongs to the metrics pages and has its own tests; here it is a placeholder.
        ComponentFactories.AddStub<MetricsTab>();
    }

    [Fact]
    public async Task Shows_the_prompt_header_and_every_tab()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Registry.DeployAsync("greeting", "production", 2, null, null, "alice");
        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "greeting"));

        page.WaitForAssertion(() => Assert.Equal("Greeting", ByTestId(page, "prompt-name").TextContent));
        Assert.Equal("greeting", ByTestId(page, "prompt-page").GetAttribute("data-prompt-key"));
        var header = ByTestId(page, "prompt-header-labels").TextContent;
        Assert.Contains("2 versions", header, StringComparison.Ordinal);
        Assert.Contains("production → v2", header, StringComparison.Ordinal);
        var tabs = page.FindAll(".mud-tab").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["Versions", "Editor", "Diff", "Labels", "Audit", "Try it", "Metrics", "Golden set", "Incidents", "Calibration", "Cache"], tabs);
        // Every panel stays rendered (the editor keeps typed text across tab switches).
        Assert.NotNull(page.Find("[data-testid=versions-tab]"));
        Assert.NotNull(page.Find("[data-testid=editor-tab]"));
    }

    [Fact]
    public async Task Text_typed_in_the_editor_survives_a_switch_to_another_tab_and_back()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "greeting"));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=editor-tab]")));
        page.FindAll(".mud-tab")[1].Click();
        // The editor loads the latest version asynchronously; type once it has, as a person would.
        page.WaitForAssertion(() => Assert.Equal("Hello {{name}}!", EditorText(page)));
        InputByTestId(page, "template-editor").Input("Unsaved {{name}} draft");
        page.FindAll(".mud-tab")[3].Click();
        page.FindAll(".mud-tab")[1].Click();

        Assert.Equal("Unsaved {{name}} draft", EditorText(page));
    }

    private static string EditorText(IRenderedComponent<PromptDetail> page)
    {
        var editor = InputByTestId(page, "template-editor");
        return editor.GetAttribute("value") ?? editor.TextContent;
    }

    [Fact]
    public void An_unknown_prompt_shows_the_registry_message()
    {
        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "missing"));

        page.WaitForAssertion(() => Assert.Contains("Prompt 'missing' does not exist.", ByTestId(page, "prompt-load-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=prompt-tabs]"));
    }

    [Fact]
    public async Task The_prompt_page_lists_its_running_and_paused_experiments_with_links()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Running, "greeting-tone", "greeting"));
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Paused, "greeting-length", "greeting"));
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Stopped, "greeting-old", "greeting"));
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Running, "summary-tone", "summary"));
        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "greeting"));

        var card = page.WaitForElement("[data-testid=prompt-experiments]");
        Assert.Equal("experiments/greeting-tone", ByTestId(page, "prompt-experiment-link-greeting-tone").GetAttribute("href"));
        Assert.NotNull(ByTestId(page, "prompt-experiment-greeting-length"));
        Assert.DoesNotContain("greeting-old", card.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("summary-tone", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("experiments?prompt=greeting", ByTestId(page, "prompt-experiments-all").GetAttribute("href"));
    }

    [Fact]
    public async Task Without_live_experiments_the_prompt_page_shows_no_experiment_card()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        Experiments.Add(ExperimentFixtures.Details(ExperimentStatus.Stopped, "greeting-old", "greeting"));
        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "greeting"));

        page.WaitForAssertion(() => Assert.Equal("Greeting", ByTestId(page, "prompt-name").TextContent));
        Assert.Empty(page.FindAll("[data-testid=prompt-experiments]"));
    }
}
