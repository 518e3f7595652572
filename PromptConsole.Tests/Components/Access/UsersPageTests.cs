using Bunit;
using MudBlazor;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Components.Pages.Admin;

namespace PromptConsole.Tests.Components.Access;

public class UsersPageTests : AccessPageTest
{
    private static string Row(IRenderedComponent<Users> page, string email) =>
        page.Find($"[data-testid='user-row'][data-user-email='{email}']").TextContent;

    /// <summary>The role a row's select shows (MudSelect shows its text in a read-only input).</summary>
    private static string? RoleShown(AngleSharp.Dom.IElement row) => row.QuerySelector("input")?.GetAttribute("value");

    [Fact]
    public void Lists_each_operator_with_role_sign_in_method_and_status()
    {
        Accounts.Add("admin@example.test", ConsoleRole.Admin);
        Accounts.Add("sso.user@example.test", ConsoleRole.Operator, false, "Contoso SSO");
        Accounts.Add("gone@example.test", ConsoleRole.Viewer, locked: true);

        var page = Render<Users>();

        Assert.Equal(3, page.FindAll("[data-testid='user-row']").Count);
        Assert.Contains("you", Row(page, "admin@example.test"), StringComparison.Ordinal);
        Assert.Contains("password", Row(page, "admin@example.test"), StringComparison.Ordinal);
        Assert.Contains("Contoso SSO", Row(page, "sso.user@example.test"), StringComparison.Ordinal);
        Assert.DoesNotContain("you", Row(page, "sso.user@example.test"), StringComparison.Ordinal);
        Assert.Contains("never", Row(page, "sso.user@example.test"), StringComparison.Ordinal);
        Assert.Contains("locked", Row(page, "gone@example.test"), StringComparison.Ordinal);
        Assert.Equal("Unlock", page.Find("[data-user-email='gone@example.test'] [data-testid='user-lock']").TextContent.Trim());
        Assert.Equal(["Admin", "Operator", "Viewer"], page.FindAll("[data-testid='user-row']").Select(RoleShown));
    }

    [Fact]
    public void Invalid_fields_are_shown_under_their_inputs_and_not_repeated_in_the_panel()
    {
        Accounts.Add("admin@example.test", ConsoleRole.Admin);
        var page = Render<Users>();

        InputByTestId(page, "new-user-email").Change("not-an-address");
        InputByTestId(page, "new-user-password").Change("short");
        ByTestId(page, "create-user").Click();

        page.WaitForAssertion(() => Assert.Equal(["An email address is required (it is the sign-in name)."], FieldMessages(page, "email")));
        Assert.Single(FieldMessages(page, "password"));
        var panel = ByTestId(page, "users-action-error");
        Assert.Contains("The user is not valid.", panel.TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.QuerySelectorAll("li"));
        Assert.Single(page.FindAll("[data-testid='user-row']"));
    }

    [Fact]
    public void A_taken_address_is_refused_next_to_the_email()
    {
        Accounts.Add("admin@example.test", ConsoleRole.Admin);
        var page = Render<Users>();

        InputByTestId(page, "new-user-email").Change("admin@example.test");
        InputByTestId(page, "new-user-password").Change("a-long-enough-password");
        ByTestId(page, "create-user").Click();

        page.WaitForAssertion(() => Assert.Equal(["Taken."], FieldMessages(page, "email")));
        Assert.Contains("exists already", ByTestId(page, "users-action-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_a_user_lists_them_with_the_chosen_role_and_clears_the_form()
    {
        Accounts.Add("admin@example.test", ConsoleRole.Admin);
        var page = Render<Users>();

        InputByTestId(page, "new-user-email").Change("new.operator@example.test");
        InputByTestId(page, "new-user-password").Change("a-long-enough-password");
        var newRole = page.FindComponents<MudSelect<ConsoleRole>>()[0];
        await page.InvokeAsync(() => newRole.Instance.ValueChanged.InvokeAsync(ConsoleRole.Operator));
        ByTestId(page, "create-user").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='user-row']").Count));
        Assert.Equal("new.operator@example.test can sign in as Operator.", ByTestId(page, "users-status").TextContent.Trim());
        Assert.Equal(ConsoleRole.Operator, Accounts.Accounts.Single(a => a.Email == "new.operator@example.test").Role);
        Assert.Contains("create new.operator@example.test Operator by admin@example.test", Accounts.Calls);
        Assert.Empty(page.FindAll("[data-testid='users-action-error']"));
        Assert.Equal(string.Empty, InputByTestId(page, "new-user-email").GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public async Task Changing_a_role_saves_it_and_says_so()
    {
        Accounts.Add("admin@example.test", ConsoleRole.Admin);
        var viewer = Accounts.Add("viewer@example.test", ConsoleRole.Viewer);
        var page = Render<Users>();

        var select = page.FindComponents<MudSelect<ConsoleRole>>()[2];
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ConsoleRole.Operator));

        page.WaitForAssertion(() => Assert.Equal("viewer@example.test is now Operator.", ByTestId(page, "users-status").TextContent.Trim()));
        Assert.Equal(ConsoleRole.Operator, Accounts.Accounts.Single(a => a.Id == viewer.Id).Role);
        Assert.Equal("Operator", RoleShown(page.Find("[data-user-email='viewer@example.test']")));
    }

    [Fact]
    public void Locking_and_unlocking_an_operator_shows_the_new_status()
    {
        Accounts.Add("admin@example.test", ConsoleRole.Admin);
        Accounts.Add("operator@example.test", ConsoleRole.Operator);
        var page = Render<Users>();

        page.Find("[data-user-email='operator@example.test'] [data-testid='user-lock']").Click();

        page.WaitForAssertion(() => Assert.Contains("locked", Row(page, "operator@example.test"), StringComparison.Ordinal));
        Assert.Equal("operator@example.test is locked.", ByTestId(page, "users-status").TextContent.Trim());
        page.Find("[data-user-email='operator@example.test'] [data-testid='user-lock']").Click();
        page.WaitForAssertion(() => Assert.Equal("operator@example.test is unlocked.", ByTestId(page, "users-status").TextContent.Trim()));
        Assert.Contains("active", Row(page, "operator@example.test"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_or_locked_and_the_page_says_why()
    {
        Accounts.Add("admin@example.test", ConsoleRole.Admin);
        var page = Render<Users>();

        page.Find("[data-testid='user-lock']").Click();

        page.WaitForAssertion(() => Assert.Contains("This is the only Admin who can sign in", ByTestId(page, "users-action-error").TextContent, StringComparison.Ordinal));
        Assert.Contains("active", Row(page, "admin@example.test"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='users-status']"));

        var select = page.FindComponents<MudSelect<ConsoleRole>>()[1];
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ConsoleRole.Viewer));

        page.WaitForAssertion(() => Assert.Contains("This is the only Admin; make someone else Admin first.", ByTestId(page, "users-action-error").TextContent, StringComparison.Ordinal));
        Assert.Equal(ConsoleRole.Admin, Accounts.Accounts.Single().Role);
    }

    [Fact]
    public void A_failed_read_is_shown_instead_of_the_table()
    {
        Accounts.ListFailure = new InvalidOperationException("database is down");

        var page = Render<Users>();

        Assert.Contains("database is down", ByTestId(page, "users-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='user-row']"));
    }
}
