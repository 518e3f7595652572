using Bunit;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Pages.Prompts;

namespace PromptConsole.Tests.Components.Rendering;

public class EditorTabTests : PromptPageTest
{
    [Fact]
    public async Task Typing_shows_undeclared_variables_with_line_and_column_and_a_live_preview()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<EditorTab>("greeting");
        Assert.Contains("Editing from version 1", ByTestId(tab, "editor-base").TextContent, StringComparison.Ordinal);

        InputByTestId(tab, "template-editor").Input("Hello {{name}},\nwelcome to {{city}}.");

        tab.WaitForAssertion(() => Assert.Contains("Line 2, column 14: Variable 'city' is used but not declared.", ByTestId(tab, "live-review").TextContent, StringComparison.Ordinal));

        ByTestId(tab, "declare-used").Click();
        Assert.Empty(tab.FindAll("[data-testid=live-review]"));
        InputByTestId(tab, "sample-name").Input("Ada");
        InputByTestId(tab, "sample-city").Input("Lyon");
        tab.WaitForAssertion(() => Assert.Equal("Hello Ada,\nwelcome to Lyon.", ByTestId(tab, "preview-user").TextContent));
    }

    [Fact]
    public async Task Save_as_new_version_saves_and_says_so()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var changes = 0;
        var tab = await RenderTabAsync<EditorTab>("greeting", () => changes++);

        InputByTestId(tab, "template-editor").Input("Hi {{name}}!");
        InputByTestId(tab, "version-note").Input("shorter");
        ByTestId(tab, "save-version").Click();

        tab.WaitForAssertion(() => Assert.Contains("Saved as version 2.", ByTestId(tab, "editor-status").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, changes);
        var latest = (await Registry.PromptAsync("greeting")).LatestVersion!;
        Assert.Equal((2, "Hi {{name}}!", "shorter"), (latest.Number, latest.Template, latest.Note));
    }

    [Fact]
    public async Task A_refused_save_shows_the_message_under_the_template_with_line_and_column()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<EditorTab>("greeting");

        InputByTestId(tab, "template-editor").Input("Hello {{name}}\nfine line\n  {{x}}");
        ByTestId(tab, "save-version").Click();

        tab.WaitForAssertion(() => Assert.Contains("Line 3, column 5: Variable 'x' is used but not declared.",
            tab.Find(".pc-field-error[data-field=template]").TextContent, StringComparison.Ordinal));
        Assert.Contains("The version is not valid.", ByTestId(tab, "editor-errors").TextContent, StringComparison.Ordinal);
        Assert.Single((await Registry.PromptAsync("greeting")).Versions);
    }

    [Fact]
    public async Task A_conflict_keeps_the_typed_text_and_reload_keeps_it_too()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<EditorTab>("greeting");
        InputByTestId(tab, "template-editor").Input("Bob's careful rewrite for {{name}}.");
        await Registry.AddVersionAsync("greeting", Draft("Carol was here, {{name}}.", new VariableDeclaration("name")), null, "carol");

        ByTestId(tab, "save-version").Click();

        tab.WaitForAssertion(() => Assert.Contains("changed by someone else", ByTestId(tab, "editor-conflict").TextContent, StringComparison.Ordinal));
        Assert.Contains("Your text is still here.", ByTestId(tab, "editor-conflict").TextContent, StringComparison.Ordinal);
        Assert.Equal("Bob's careful rewrite for {{name}}.", InputByTestId(tab, "template-editor").GetAttribute("value") ?? InputByTestId(tab, "template-editor").TextContent);

        ByTestId(tab, "reload-keep-text").Click();

        tab.WaitForAssertion(() => Assert.Empty(tab.FindAll("[data-testid=editor-conflict]")));
        Assert.Contains("version 2 by carol", ByTestId(tab, "editor-status").TextContent, StringComparison.Ordinal);
        ByTestId(tab, "save-version").Click();
        tab.WaitForAssertion(() => Assert.Contains("Saved as version 3.", ByTestId(tab, "editor-status").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Warnings_are_shown_but_do_not_block_saving()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        var tab = await RenderTabAsync<EditorTab>("greeting");

        ByTestId(tab, "add-variable").Click();
        var added = tab.FindAll("[data-testid=variables-table] tbody tr")[^1];
        added.QuerySelector("input")!.Change("unused");
        tab.FindAll("[data-testid=variables-table] tbody tr")[^1].QuerySelector("input[type=checkbox]")!.Change(false);
        ByTestId(tab, "save-version").Click();

        tab.WaitForAssertion(() => Assert.Contains("Variable 'unused' is declared but never used.", ByTestId(tab, "editor-warnings").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, (await Registry.PromptAsync("greeting")).LatestVersion!.Number);
    }
}
