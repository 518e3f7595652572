using Bunit;
using PromptConsole.Web.Components.Pages.Account;

namespace PromptConsole.Tests.Components.Access;

public class SignInPageTests : AccessPageTest
{
    [Theory]
    [InlineData("missing", "Enter your email address and password.")]
    [InlineData("invalid", "The email address or password is not right.")]
    [InlineData("locked", "This account is locked")]
    [InlineData("sso-failed", "Single sign-on did not complete.")]
    [InlineData("sso-no-email", "did not say your email address")]
    [InlineData("something-else", "Sign-in failed. Try again.")]
    public void Each_error_code_shows_its_message(string code, string expected)
    {
        NavigateTo($"/account/sign-in?error={code}&email=%20ada%40example.test%20");

        var page = Render<SignIn>();

        Assert.Contains(expected, ByTestId(page, "sign-in-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("ada@example.test", ByTestId(page, "sign-in-email").GetAttribute("value"));
    }

    [Fact]
    public void A_first_visit_shows_the_form_without_an_error_a_local_admin_or_single_sign_on()
    {
        NavigateTo("/account/sign-in");

        var page = Render<SignIn>();

        Assert.NotNull(ByTestId(page, "sign-in-form"));
        Assert.Empty(page.FindAll("[data-testid='sign-in-error']"));
        Assert.Empty(page.FindAll("[data-testid='local-admin']"));
        Assert.Empty(page.FindAll("[data-testid='sign-in-sso']"));
        Assert.Equal("/", page.Find("input[name='returnUrl']").GetAttribute("value"));
        Assert.Equal("post", page.Find("form").GetAttribute("method"));
        Assert.Equal("/account/sign-in", page.Find("form").GetAttribute("action"));
    }

    [Fact]
    public void The_development_local_admin_is_shown_only_while_active()
    {
        LocalAdmin.Activate("fresh-random-password");
        NavigateTo("/account/sign-in");

        var page = Render<SignIn>();

        Assert.Contains("local-admin@promptconsole.local", ByTestId(page, "local-admin").TextContent, StringComparison.Ordinal);
        Assert.Contains("Development only.", ByTestId(page, "local-admin").TextContent, StringComparison.Ordinal);
        Assert.Equal("fresh-random-password", ByTestId(page, "local-admin-password").TextContent);
    }

    [Fact]
    public void A_configured_provider_gets_a_button_that_keeps_the_return_address()
    {
        Auth.Oidc.Authority = "https://idp.example.test/";
        Auth.Oidc.ClientId = "console";
        Auth.Oidc.DisplayName = "Contoso SSO";
        NavigateTo("/account/sign-in?returnUrl=%2Fprompts%2Fgreeting%3Ftab%3Dlabels");

        var page = Render<SignIn>();

        var sso = ByTestId(page, "sign-in-sso");
        Assert.Equal("Sign in with Contoso SSO", sso.TextContent.Trim());
        Assert.Equal("/account/sso?returnUrl=%2Fprompts%2Fgreeting%3Ftab%3Dlabels", sso.GetAttribute("href"));
        Assert.Equal("/prompts/greeting?tab=labels", page.Find("input[name='returnUrl']").GetAttribute("value"));
    }

    [Fact]
    public void A_provider_without_a_client_id_is_not_offered()
    {
        Auth.Oidc.Authority = "https://idp.example.test/";
        NavigateTo("/account/sign-in");

        var page = Render<SignIn>();

        Assert.Empty(page.FindAll("[data-testid='sign-in-sso']"));
    }

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2Fsteal")]
    [InlineData("%2F%2Fevil.example%2Fsteal")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("javascript%3Aalert(1)")]
    [InlineData("prompts")]
    public void A_return_address_off_the_site_becomes_the_home_page(string returnUrl)
    {
        Auth.Oidc.Authority = "https://idp.example.test/";
        Auth.Oidc.ClientId = "console";
        NavigateTo($"/account/sign-in?returnUrl={returnUrl}");

        var page = Render<SignIn>();

        Assert.Equal("/", page.Find("input[name='returnUrl']").GetAttribute("value"));
        Assert.Equal("/account/sso?returnUrl=%2F", ByTestId(page, "sign-in-sso").GetAttribute("href"));
    }
}
