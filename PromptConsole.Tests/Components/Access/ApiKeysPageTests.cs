using Bunit;
using PromptConsole.Web.Components.Pages.Admin;

namespace PromptConsole.Tests.Components.Access;

public class ApiKeysPageTests : AccessPageTest
{
    [Fact]
    public void Without_keys_the_page_says_so()
    {
        var page = Render<ApiKeys>();

        Assert.Equal("No API key yet.", ByTestId(page, "keys-empty").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid='keys-table']"));
        Assert.Empty(page.FindAll("[data-testid='created-key-secret']"));
    }

    [Fact]
    public void Creating_a_key_shows_its_secret_once_and_lists_the_key_by_prefix()
    {
        var page = Render<ApiKeys>();

        InputByTestId(page, "new-key-name").Change("checkout service");
        InputByTestId(page, "new-key-tenant").Change("acme");
        InputByTestId(page, "new-key-evaluate").Change(true);
        ByTestId(page, "create-key").Click();

        page.WaitForAssertion(() => Assert.Equal("pck_0001_secret-1", ByTestId(page, "created-key-secret").TextContent));
        Assert.Contains("Copy its secret now", ByTestId(page, "keys-status").TextContent, StringComparison.Ordinal);
        var row = page.Find("[data-testid='key-row'][data-key-name='checkout service']");
        Assert.Contains("pck_0001…", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("execute, evaluate", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("acme", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", row.TextContent, StringComparison.Ordinal);
        Assert.Equal(["execute", "evaluate"], Keys.Drafts.Single().Scopes);
        Assert.Empty(page.FindAll("[data-testid='keys-empty']"));

        // Leaving and coming back: the secret is gone for good.
        var again = Render<ApiKeys>();
        Assert.Empty(again.FindAll("[data-testid='created-key-secret']"));
        Assert.Single(again.FindAll("[data-testid='key-row']"));
    }

    [Fact]
    public void Invalid_fields_are_shown_under_their_inputs_and_no_secret_appears()
    {
        var page = Render<ApiKeys>();

        InputByTestId(page, "new-key-execute").Change(false);
        InputByTestId(page, "new-key-tenant").Change("no spaces allowed");
        ByTestId(page, "create-key").Click();

        page.WaitForAssertion(() => Assert.Single(FieldMessages(page, "name")));
        Assert.Single(FieldMessages(page, "scopes"));
        Assert.Single(FieldMessages(page, "tenant"));
        Assert.Empty(ByTestId(page, "keys-action-error").QuerySelectorAll("li"));
        Assert.Empty(page.FindAll("[data-testid='created-key-secret']"));
        Assert.Empty(Keys.Keys);
    }

    [Fact]
    public void Revoking_a_key_marks_it_revoked_and_hides_the_secret()
    {
        var page = Render<ApiKeys>();
        InputByTestId(page, "new-key-name").Change("batch job");
        ByTestId(page, "create-key").Click();
        page.WaitForElement("[data-testid='created-key-secret']");

        ByTestId(page, "revoke-key").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid='key-row']").GetAttribute("data-revoked")));
        Assert.Contains("is revoked", ByTestId(page, "keys-status").TextContent, StringComparison.Ordinal);
        Assert.Contains("revoked 2026-12-03 08:00 UTC", page.Find("[data-testid='key-row']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='revoke-key']"));
        Assert.Empty(page.FindAll("[data-testid='created-key-secret']"));
    }

    [Fact]
    public void The_manage_scope_asks_for_the_keys_role()
    {
        var page = Render<ApiKeys>();
        Assert.Empty(page.FindAll("[data-testid='new-key-role']"));

        InputByTestId(page, "new-key-manage").Change(true);

        page.WaitForElement("[data-testid='new-key-role']");
    }
}
