using Bunit;
using MudBlazor;
using PromptConsole.Web.Components.Dialogs;

namespace PromptConsole.Tests.Components.Rendering;

public class ReasonDialogTests : PromptPageTest
{
    private static DialogParameters<ReasonDialog> Parameters() => new()
    {
        { d => d.Message, "Moves 'production' from v2 back to v1." },
        { d => d.ConfirmText, "Roll back" },
        { d => d.ConfirmColor, Color.Error },
        { d => d.ConfirmTestId, "confirm-rollback" },
        { d => d.ReasonTestId, "rollback-reason" },
        { d => d.ReasonPlaceholder, "e.g. error rate up after the deploy" },
    };

    [Fact]
    public async Task Confirm_returns_the_typed_reason()
    {
        var dialogs = RenderDialogs();
        var asked = dialogs.InvokeAsync(() => ReasonDialog.AskAsync(DialogService, "Roll back production", Parameters()));

        dialogs.WaitForAssertion(() => Assert.Contains("Moves 'production' from v2 back to v1.", ByTestId(dialogs, "reason-message").TextContent, StringComparison.Ordinal));
        Assert.Contains("Roll back production", dialogs.Find(".mud-dialog-title").TextContent, StringComparison.Ordinal);
        var reason = InputByTestId(dialogs, "rollback-reason");
        Assert.Equal("e.g. error rate up after the deploy", reason.GetAttribute("placeholder"));
        reason.Input("error rate doubled");
        ByTestId(dialogs, "confirm-rollback").Click();

        Assert.Equal("error rate doubled", await asked);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog]")));
    }

    [Fact]
    public async Task Confirm_without_a_reason_returns_an_empty_reason_not_a_cancel()
    {
        var dialogs = RenderDialogs();
        var asked = dialogs.InvokeAsync(() => ReasonDialog.AskAsync(DialogService, "Deploy", Parameters()));

        dialogs.WaitForElement("[data-testid=confirm-rollback]").Click();

        Assert.Equal(string.Empty, await asked);
    }

    [Fact]
    public async Task Cancel_returns_null_and_closes_the_dialog()
    {
        var dialogs = RenderDialogs();
        var asked = dialogs.InvokeAsync(() => ReasonDialog.AskAsync(DialogService, "Roll back production", Parameters()));

        InputByTestId(dialogs, "rollback-reason").Input("typed, then changed my mind");
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        Assert.Null(await asked);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=reason-dialog]")));
    }
}
