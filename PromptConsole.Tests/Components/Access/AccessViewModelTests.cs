using Microsoft.Extensions.Options;
using PromptConsole.Domain.Access;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Model.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Tests.Components.Access;

public class AccessViewModelTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/prompts/greeting?tab=labels", "/prompts/greeting?tab=labels")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("prompts", "/")]
    public void Sign_in_keeps_only_local_return_addresses(string? returnUrl, string expected)
    {
        var model = new SignInViewModel(Options.Create(new AuthOptions()), new DevelopmentLocalAdmin());

        model.Load(returnUrl, null, null);

        Assert.Equal(expected, model.ReturnUrl);
        Assert.Equal($"/account/sso?returnUrl={Uri.EscapeDataString(expected)}", model.SingleSignOnHref);
    }

    [Fact]
    public void Sign_in_offers_single_sign_on_and_the_local_admin_only_when_there_are_such()
    {
        var options = new AuthOptions();
        var localAdmin = new DevelopmentLocalAdmin();
        var model = new SignInViewModel(Options.Create(options), localAdmin);
        Assert.Null(model.SingleSignOnName);
        Assert.Null(model.LocalAdminEmail);

        options.Oidc.Authority = "https://idp.example.test/";
        options.Oidc.ClientId = "console";
        localAdmin.Activate("pw");

        Assert.Equal("single sign-on", model.SingleSignOnName);
        Assert.Equal(DevelopmentLocalAdmin.Email, model.LocalAdminEmail);
        Assert.Equal("pw", model.LocalAdminPassword);
    }

    [Fact]
    public void Sign_in_trims_the_address_and_drops_a_blank_one()
    {
        var model = new SignInViewModel(Options.Create(new AuthOptions()), new DevelopmentLocalAdmin());

        model.Load(null, "invalid", "  ada@example.test ");
        Assert.Equal("ada@example.test", model.Email);
        Assert.Equal("The email address or password is not right.", model.Error);

        model.Load(null, null, "   ");
        Assert.Null(model.Email);
        Assert.Null(model.Error);
    }

    [Fact]
    public async Task Users_create_reports_field_errors_and_keeps_what_was_typed()
    {
        var accounts = new FakeConsoleAccounts();
        var model = new UsersViewModel(accounts, new FixedUser("root@example.test")) { NewEmail = "x", NewPassword = "short" };
        await model.LoadAsync();

        await model.CreateAsync();

        Assert.Equal(["email", "password"], model.ActionError!.Fields.Select(f => f.Field));
        Assert.Null(model.ActionStatus);
        Assert.Equal("x", model.NewEmail);
        Assert.Empty(model.Users);
    }

    [Fact]
    public async Task Users_create_then_reload_and_reset_the_form()
    {
        var accounts = new FakeConsoleAccounts();
        var model = new UsersViewModel(accounts, new FixedUser("root@example.test"))
        {
            NewEmail = "ops@example.test", NewPassword = "a-long-enough-password", NewRole = ConsoleRole.Admin,
        };

        await model.CreateAsync();

        Assert.Equal("ops@example.test can sign in as Admin.", model.ActionStatus);
        Assert.Equal("ops@example.test", Assert.Single(model.Users).Email);
        Assert.Equal((string.Empty, string.Empty, ConsoleRole.Viewer), (model.NewEmail, model.NewPassword, model.NewRole));
        Assert.Equal("create ops@example.test Admin by root@example.test", accounts.Calls[0]);
    }

    [Fact]
    public async Task Users_a_refused_change_leaves_the_list_and_clears_the_previous_status()
    {
        var accounts = new FakeConsoleAccounts();
        var admin = accounts.Add("root@example.test", ConsoleRole.Admin);
        var viewer = accounts.Add("viewer@example.test", ConsoleRole.Viewer);
        var model = new UsersViewModel(accounts, new FixedUser("root@example.test"));
        await model.LoadAsync();

        await model.SetRoleAsync(viewer.Id, ConsoleRole.Operator);
        Assert.Equal("viewer@example.test is now Operator.", model.ActionStatus);

        await model.SetRoleAsync(admin.Id, ConsoleRole.Viewer);
        Assert.Null(model.ActionStatus);
        Assert.Equal("last-admin", model.ActionError!.Code);
        Assert.Equal(ConsoleRole.Admin, model.Users.Single(u => u.Id == admin.Id).Role);

        await model.ResetPasswordAsync(viewer.Id, "a-long-enough-password");
        Assert.Equal("viewer@example.test has a new password.", model.ActionStatus);
        Assert.Null(model.ActionError);
    }

    [Fact]
    public async Task Users_a_failed_read_becomes_an_error_not_an_exception()
    {
        var accounts = new FakeConsoleAccounts { ListFailure = new InvalidOperationException("no database") };
        var model = new UsersViewModel(accounts, new FixedUser("root@example.test"));

        await model.LoadAsync();

        Assert.True(model.Loaded);
        Assert.Contains("no database", model.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_create_sends_the_chosen_scopes_and_role_and_shows_the_secret_until_the_next_action()
    {
        var keys = new FakeApiKeyService();
        var model = new ApiKeysViewModel(keys, new FixedUser("root@example.test"))
        {
            NewName = "automation", NewExecute = false, NewManage = true, NewRole = ConsoleRole.Admin, NewTokensPerMinute = 5000,
        };

        await model.CreateAsync();

        var draft = Assert.Single(keys.Drafts);
        Assert.Equal(["manage"], draft.Scopes);
        Assert.Equal("Admin", draft.Role);
        Assert.Equal(5000, draft.TokensPerMinute);
        Assert.Equal("pck_0001_secret-1", model.CreatedSecret);
        Assert.Equal(string.Empty, model.NewName);
        Assert.Null(model.NewTokensPerMinute);

        await model.RevokeAsync(model.Keys.Single().Id);
        Assert.Null(model.CreatedSecret);
        Assert.NotNull(model.Keys.Single().RevokedAt);
    }

    [Fact]
    public async Task Keys_without_the_manage_scope_send_no_role_and_a_failed_create_clears_an_old_secret()
    {
        var keys = new FakeApiKeyService();
        var model = new ApiKeysViewModel(keys, new FixedUser("root@example.test")) { NewName = "first" };
        await model.CreateAsync();
        Assert.Null(keys.Drafts[0].Role);
        Assert.NotNull(model.CreatedSecret);

        model.NewName = "";
        await model.CreateAsync();

        Assert.Null(model.CreatedSecret);
        Assert.Null(model.ActionStatus);
        Assert.Contains(model.ActionError!.Fields, f => f.Field == "name");
    }

    [Fact]
    public async Task Keys_revoking_an_unknown_key_reports_it()
    {
        var model = new ApiKeysViewModel(new FakeApiKeyService(), new FixedUser("root@example.test"));

        await model.RevokeAsync(Guid.NewGuid());

        Assert.Equal("key-not-found", model.ActionError!.Code);
    }

    public static TheoryData<string, int?, int?, decimal?, string> LimitCases => new()
    {
        { "none", null, null, null, "none" },
        { "requests only", 5, null, null, "5 req/s" },
        { "all three", 10, 120000, 250.5m, "10 req/s, 120,000 tokens/min, $250.50/month" },
    };

    [Theory]
    [MemberData(nameof(LimitCases))]
    public void Keys_limits_read_plainly(string name, int? rps, int? tpm, decimal? budget, string expected)
    {
        _ = name;
        var key = new ApiKeyView(Guid.NewGuid(), "k", "pck_1", ["execute"], null, null, rps, tpm, budget, DateTimeOffset.UnixEpoch, "a", null, null, null, null);

        Assert.Equal(expected, ApiKeysViewModel.Limits(key));
    }
}
