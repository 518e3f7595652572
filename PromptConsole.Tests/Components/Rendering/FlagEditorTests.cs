using PromptConsole.Domain.Access;
using static PromptConsole.Tests.Components.Rendering.RoleControls;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Web.Components.Pages.Flags;

namespace PromptConsole.Tests.Components.Rendering;

public class FlagEditorTests : FlagPageTest
{
    private IRenderedComponent<FlagEditor> RenderEditor(string? key = null) =>
        Render<FlagEditor>(p => p.Add(e => e.Key, key));

    [Fact]
    public async Task A_refused_flag_shows_the_registry_messages_under_their_fields()
    {
        await SeedAsync();
        var editor = RenderEditor();
        editor.WaitForElement("[data-testid=flag-form]");

        InputByTestId(editor, "flag-key").Change("Not A Key");
        InputByTestId(editor, "variant-value-1").Input("{broken");
        editor.WaitForAssertion(() => Assert.StartsWith("Not JSON", ByTestId(editor, "variant-json-1").TextContent, StringComparison.Ordinal));
        ByTestId(editor, "save-flag").Click();

        editor.WaitForAssertion(() => Assert.StartsWith("'Not A Key' is not a valid key", editor.Find(".pc-field-error[data-field=key]").TextContent, StringComparison.Ordinal));
        Assert.StartsWith("The value is not JSON", editor.Find(".pc-field-error[data-field='variants[1].value']").TextContent, StringComparison.Ordinal);
        Assert.Equal("The flag is not valid.", editor.Find("[data-testid=flag-errors] .pc-error-message").TextContent);
        Assert.Empty(editor.FindAll("[data-testid=flag-errors] li"));
        Assert.Equal(2, (await Flags.ListAsync()).Count);
    }

    [Fact]
    public async Task A_new_flag_is_created_and_the_page_moves_to_its_address()
    {
        await SeedAsync();
        var editor = RenderEditor();
        editor.WaitForElement("[data-testid=flag-form]");

        InputByTestId(editor, "flag-key").Change("dark-mode");
        ByTestId(editor, "add-slice").Click();
        editor.WaitForElement("[data-testid=slice-to-0]");
        InputByTestId(editor, "slice-to-0").Change("40");
        editor.WaitForAssertion(() => Assert.Equal(["off", "off"], editor.FindAll("[data-testid=rollout-segment]").Select(s => s.GetAttribute("data-variant"))));
        Assert.Equal("true", editor.FindAll("[data-testid=rollout-segment]")[1].GetAttribute("data-default"));
        ByTestId(editor, "save-flag").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        editor.WaitForAssertion(() => Assert.EndsWith("/flags/dark-mode", navigation.Uri, StringComparison.Ordinal));
        Assert.Equal([("off", 0d, 40d)], Flags.Find("dark-mode")!.Flag.Rollout.Select(s => (s.Variant, s.From, s.To)));
    }

    [Fact]
    public async Task A_kill_switch_shows_its_prompt_and_safe_version_pickers_instead_of_variants()
    {
        await SeedAsync(killSwitchEnabled: true);
        var editor = RenderEditor("greeting-safe");
        editor.WaitForElement("[data-testid=flag-form]");

        Assert.Equal("greeting", ByTestId(editor, "killswitch-prompt").TextContent.Trim());
        Assert.NotNull(ByTestId(editor, "killswitch-version"));
        Assert.Equal("When engaged, all traffic of greeting goes to v1.", ByTestId(editor, "killswitch-summary").TextContent);
        Assert.NotNull(editor.Find("[data-testid=killswitch-note]"));
        Assert.Empty(editor.FindAll("[data-testid=variant-0]"));
        Assert.Empty(editor.FindAll("[data-testid=flag-enabled]"));
        Assert.Equal("engaged", ByTestId(editor, "flag-state").TextContent);
        Assert.Contains("flag.created", ByTestId(editor, "flag-audit").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_asks_first_and_cancel_keeps_the_flag()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var editor = RenderEditor("new-checkout");
        editor.WaitForElement("[data-testid=flag-form]");

        ByTestId(editor, "delete-flag").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Deletes flag 'new-checkout'", ByTestId(dialogs, "delete-flag-message").TextContent, StringComparison.Ordinal));
        ByTestId(dialogs, "cancel-dialog").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=delete-flag-dialog]")));
        Assert.Empty(Flags.Deleted);
        Assert.NotNull(Flags.Find("new-checkout"));
    }

    [Fact]
    public async Task Confirmed_delete_removes_the_flag_and_returns_to_the_list()
    {
        await SeedAsync();
        var dialogs = RenderDialogs();
        var editor = RenderEditor("new-checkout");
        editor.WaitForElement("[data-testid=flag-form]");

        ByTestId(editor, "delete-flag").Click();
        dialogs.WaitForElement("[data-testid=confirm-delete]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        editor.WaitForAssertion(() => Assert.EndsWith("/flags", navigation.Uri, StringComparison.Ordinal));
        Assert.Null(Flags.Find("new-checkout"));
        Assert.Equal(("new-checkout", (int?)1), Flags.Deleted.Single());
    }

    [Fact]
    public async Task Try_it_shows_what_the_saved_flag_serves()
    {
        await SeedAsync();
        var editor = RenderEditor("new-checkout");
        editor.WaitForElement("[data-testid=flag-try]");

        InputByTestId(editor, "try-subject").Change("user-7");
        InputByTestId(editor, "try-tenant").Change("acme");
        ByTestId(editor, "try-flag").Click();

        editor.WaitForAssertion(() => Assert.Equal("off", ByTestId(editor, "try-variant").TextContent));
        Assert.Equal("disabled", ByTestId(editor, "try-reason").TextContent);
        Assert.Equal("false", ByTestId(editor, "try-value").TextContent);
        Assert.Equal(("new-checkout", "user-7", "acme"), (Evaluation.Requests.Single().Key, Evaluation.Requests.Single().Attributes.Subject, Evaluation.Requests.Single().Attributes.Tenant));
    }

    [Theory]
    [InlineData(ConsoleRole.Viewer, false)]
    [InlineData(ConsoleRole.Operator, true)]
    [InlineData(ConsoleRole.Admin, true)]
    public async Task Save_and_delete_are_offered_only_to_operators_while_evaluate_stays(ConsoleRole role, bool allowed)
    {
        await SeedAsync();
        User.Role = role;
        var editor = RenderEditor("new-checkout");
        editor.WaitForElement("[data-testid=flag-form]");

        AssertShown(editor, allowed, "save-flag", "delete-flag");
        AssertShown(editor, !allowed, "flag-save-not-allowed");
        AssertShown(editor, true, "try-flag");
    }
}
