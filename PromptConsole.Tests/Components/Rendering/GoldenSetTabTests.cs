using Bunit;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Web.Components.Pages.Prompts;

namespace PromptConsole.Tests.Components.Rendering;

public class GoldenSetTabTests : PromptPageTest
{
    private static GoldenCaseDraft Case(string name, params string[] required) =>
        new(name, new Dictionary<string, string> { ["name"] = "\"Ada\"" }, new GoldenExpectationsDraft(RequiredPhrases: required));

    [Fact]
    public async Task An_empty_golden_set_says_so_and_cannot_be_run()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<GoldenSetTab>("greeting");

        tab.WaitForAssertion(() => Assert.Contains("No golden cases yet.", ByTestId(tab, "golden-empty").TextContent, StringComparison.Ordinal));
        Assert.True(ByTestId(tab, "golden-run").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_new_case_is_typed_into_the_editor_saved_and_listed()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<GoldenSetTab>("greeting");

        ByTestId(tab, "golden-new-case").Click();
        InputByTestId(tab, "golden-case-name").Input("greets Ada");
        InputByTestId(tab, "golden-var-name").Input("Ada");
        InputByTestId(tab, "golden-required").Input("Ada\nwelcome");
        ByTestId(tab, "golden-save-case").Click();

        tab.WaitForAssertion(() => Assert.Contains("Added the case 'greets Ada'.", ByTestId(tab, "golden-status").TextContent, StringComparison.Ordinal));
        Assert.Empty(tab.FindAll("[data-testid=golden-case-editor]"));
        var saved = (await Golden.ListCasesAsync("greeting")).Value.Single();
        Assert.Equal("\"Ada\"", saved.Variables["name"]);
        Assert.Equal(["Ada", "welcome"], saved.Expectations.Required);
        Assert.Contains("greets Ada", ByTestId(tab, "golden-cases").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_without_a_name_shows_the_field_error_and_stays_open()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<GoldenSetTab>("greeting");

        ByTestId(tab, "golden-new-case").Click();
        ByTestId(tab, "golden-save-case").Click();

        tab.WaitForAssertion(() => Assert.Contains("Give the case a name.", ByTestId(tab, "golden-case-editor").TextContent, StringComparison.Ordinal));
        Assert.Empty((await Golden.ListCasesAsync("greeting")).Value);
    }

    [Fact]
    public async Task Running_against_a_version_shows_each_case_with_its_failures_and_output()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Golden.CreateCaseAsync("greeting", Case("greets Ada", "Ada"), "alice");
        await Golden.CreateCaseAsync("greeting", Case("speaks French", "bonjour"), "alice");
        var tab = await RenderTabAsync<GoldenSetTab>("greeting");

        tab.WaitForAssertion(() => Assert.Contains("Run against v2", ByTestId(tab, "golden-run").TextContent, StringComparison.Ordinal));
        ByTestId(tab, "golden-run").Click();

        tab.WaitForAssertion(() => Assert.Contains("v2: 1 of 2 cases failed.", ByTestId(tab, "golden-run-summary").TextContent, StringComparison.Ordinal));
        var results = tab.FindAll("[data-testid=golden-result]");
        Assert.Equal(["true", "false"], results.Select(r => r.GetAttribute("data-passed")));
        var french = results.Single(r => r.GetAttribute("data-case") == "speaks French");
        Assert.Contains("requiredPhrases[0]: The output does not contain 'bonjour'.", french.QuerySelector("[data-testid=golden-failures]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("[simulated] answering \"Ada\"", french.QuerySelector("[data-testid=golden-output]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 of 2 failed", ByTestId(tab, "golden-runs").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_release_policy_switch_requires_a_passing_run()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<GoldenSetTab>("greeting");

        tab.WaitForElement("[data-testid=golden-empty]");
        InputByTestId(tab, "require-golden-pass").Change(true);

        Assert.True((await Golden.GetRequireGoldenPassAsync("greeting")).Value);
    }
}
