using Bunit;
using PromptConsole.Web.Components.Dialogs;

namespace PromptConsole.Tests.Components.Rendering;

public class NewPromptDialogTests : PromptPageTest
{
    [Fact]
    public async Task Creates_the_prompt_with_its_first_version_and_returns_its_key()
    {
        var dialogs = RenderDialogs();
        var opened = dialogs.InvokeAsync(() => NewPromptDialog.OpenAsync(DialogService));

        dialogs.WaitForElement("[data-testid=new-prompt-dialog]");
        InputByTestId(dialogs, "new-prompt-key").Change("welcome");
        InputByTestId(dialogs, "new-prompt-name").Change("Welcome mail");
        InputByTestId(dialogs, "new-prompt-tags").Change("onboarding, mail");
        InputByTestId(dialogs, "new-prompt-template").Input("Welcome {{name}} to {{team}}");
        dialogs.WaitForAssertion(() => Assert.Contains("Declares name, team as required strings", ByTestId(dialogs, "new-prompt-inferred").TextContent, StringComparison.Ordinal));
        ByTestId(dialogs, "create-prompt").Click();

        Assert.Equal("welcome", await opened);
        var created = await Registry.PromptAsync("welcome");
        Assert.Equal("Welcome mail", created.Name);
        Assert.Equal(["onboarding", "mail"], created.Tags);
        Assert.Equal(["name", "team"], created.LatestVersion!.Variables.Select(v => v.Name));
    }

    [Fact]
    public async Task A_refused_prompt_keeps_the_dialog_open_with_the_registry_messages_under_their_fields()
    {
        var dialogs = RenderDialogs();
        _ = dialogs.InvokeAsync(() => NewPromptDialog.OpenAsync(DialogService));

        dialogs.WaitForElement("[data-testid=new-prompt-dialog]");
        InputByTestId(dialogs, "new-prompt-key").Change("Not A Slug");
        InputByTestId(dialogs, "new-prompt-name").Change("Bad key");
        ByTestId(dialogs, "create-prompt").Click();

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".pc-field-error[data-field=key]")));
        Assert.Empty(await Registry.ListAsync(null));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=new-prompt-dialog]"));
    }

    [Fact]
    public async Task A_template_error_is_shown_with_its_line_and_column()
    {
        var dialogs = RenderDialogs();
        _ = dialogs.InvokeAsync(() => NewPromptDialog.OpenAsync(DialogService));

        dialogs.WaitForElement("[data-testid=new-prompt-dialog]");
        InputByTestId(dialogs, "new-prompt-key").Change("broken");
        InputByTestId(dialogs, "new-prompt-name").Change("Broken");
        InputByTestId(dialogs, "new-prompt-template").Input("Hello\n{{#if x}} never closed");
        ByTestId(dialogs, "create-prompt").Click();

        dialogs.WaitForAssertion(() => Assert.Matches(@"Line 2, column \d+:", dialogs.Find(".pc-field-error[data-field=template]").TextContent));
        Assert.Empty(await Registry.ListAsync(null));
    }

    [Fact]
    public async Task Cancel_returns_no_key_and_creates_nothing()
    {
        var dialogs = RenderDialogs();
        var opened = dialogs.InvokeAsync(() => NewPromptDialog.OpenAsync(DialogService));

        InputByTestId(dialogs, "new-prompt-key").Change("welcome");
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        Assert.Null(await opened);
        Assert.Empty(await Registry.ListAsync(null));
    }
}
