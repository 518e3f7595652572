using Bunit;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Web.Components.Pages.Prompts;

namespace PromptConsole.Tests.Components.Rendering;

public class EditorGoldenRunTests : PromptPageTest
{
    [Fact]
    public async Task Run_golden_set_judges_the_text_as_typed_without_saving_a_version()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        await Golden.CreateCaseAsync("greeting", new GoldenCaseDraft("greets Ada", new Dictionary<string, string> { ["name"] = "\"Ada\"" }, new GoldenExpectationsDraft(RequiredPhrases: ["bonjour"])), "alice");
        var tab = await RenderTabAsync<EditorTab>("greeting");

        InputByTestId(tab, "template-editor").Input("Bonjour {{name}} !");
        ByTestId(tab, "run-golden-draft").Click();

        tab.WaitForAssertion(() => Assert.Contains("Draft: 1 of 1 case failed.", ByTestId(tab, "golden-run-summary").TextContent, StringComparison.Ordinal));
        Assert.Equal("Bonjour {{name}} !", Assert.Single(Golden.DraftsRun).Template);
        Assert.Single((await Registry.PromptAsync("greeting")).Versions);
    }

    [Fact]
    public async Task Without_cases_the_draft_run_says_so()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<EditorTab>("greeting");

        ByTestId(tab, "run-golden-draft").Click();

        tab.WaitForAssertion(() => Assert.Contains("has no golden cases to run", ByTestId(tab, "golden-draft-error").TextContent, StringComparison.Ordinal));
    }
}
