using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Tests.Browser;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Access;

/// <summary>
/// Single sign-on end to end: the console on a real port configured against <see cref="TestOidcProvider"/> (OpenIddict,
/// in this process), and headless Chromium clicking "Sign in with …" — authorize, code, token with PKCE, id token
/// with nonce, userinfo — back to the console signed in as a new operator with the configured default role.
/// </summary>
public sealed class SingleSignOnTests : IAsyncLifetime
{
    private const string DisplayName = "Test IdP";

    private TestOidcProvider _provider = null!;
    private PromptConsoleFactory _factory = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _baseAddress = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _factory = new PromptConsoleFactory()
            .WithSetting("PromptConsole:Auth:Oidc:Authority", _provider.Authority.ToString())
            .WithSetting("PromptConsole:Auth:Oidc:ClientId", TestOidcProvider.ClientId)
            .WithSetting("PromptConsole:Auth:Oidc:ClientSecret", TestOidcProvider.ClientSecret)
            .WithSetting("PromptConsole:Auth:Oidc:DisplayName", DisplayName)
            .WithSetting("PromptConsole:Auth:Oidc:DefaultRole", "Operator")
            .WithSetting("PromptConsole:Auth:Oidc:RequireHttpsMetadata", "false");
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _baseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        _provider.RedirectUri = new Uri(_baseAddress, "signin-oidc").ToString();

        _playwright = await Playwright.CreateAsync();
        _browser = await ConsoleBrowser.LaunchChromiumAsync(_playwright);
    }

    [Fact]
    public async Task Sign_in_with_the_provider_creates_an_operator_with_the_default_role_and_the_second_sign_in_reuses_it()
    {
        await SignInThroughProviderAsync("/prompts");

        var first = await SsoAccountsAsync();
        var account = Assert.Single(first);
        Assert.Equal("Operator", account.GetProperty("role").GetString());
        Assert.Equal(DisplayName, Assert.Single(account.GetProperty("externalProviders").EnumerateArray()).GetString());
        Assert.Contains("/connect/authorize", _provider.Requests);
        Assert.Contains("/connect/token", _provider.Requests);
        Assert.Contains("/connect/userinfo", _provider.Requests);

        // The users page (an Admin, signed in with a password) lists the operator and the provider.
        var admin = await NewPageAsync();
        await ConsoleBrowser.SignInAsync(admin, "/admin/users", PromptConsoleFactory.AdminEmail, PromptConsoleFactory.AdminPassword);
        var row = admin.Locator($"[data-testid='user-row'][data-user-email='{_provider.Email}']");
        await row.WaitForAsync();
        Assert.Contains(DisplayName, await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Operator", await row.InnerTextAsync(), StringComparison.Ordinal);

        // A second sign-in (a fresh browser) finds the linked account instead of making another.
        await SignInThroughProviderAsync("/");
        var second = await SsoAccountsAsync();
        Assert.Equal(account.GetProperty("id").GetString(), Assert.Single(second).GetProperty("id").GetString());
        Assert.Equal(2, _provider.Requests.Count(path => path == "/connect/token"));
    }

    [Fact]
    public async Task An_existing_operator_with_the_providers_email_is_linked_and_keeps_their_role()
    {
        _provider.Email = "existing.admin@idp.test";
        using var api = ApiClient();
        var created = await api.PostAsJsonAsync("/api/v1/users", new { email = _provider.Email, password = "a-long-enough-password", role = "Admin" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        await SignInThroughProviderAsync("/");

        var account = Assert.Single(await SsoAccountsAsync());
        Assert.Equal("Admin", account.GetProperty("role").GetString());
        Assert.Equal(DisplayName, Assert.Single(account.GetProperty("externalProviders").EnumerateArray()).GetString());
    }

    private async Task SignInThroughProviderAsync(string returnPath)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(returnPath);
        var sso = page.Locator("[data-testid='sign-in-sso']");
        await sso.WaitForAsync();
        Assert.Equal($"Sign in with {DisplayName}", (await sso.InnerTextAsync()).Trim());
        await sso.ClickAsync();
        await page.WaitForURLAsync(
            url => url.StartsWith(_baseAddress.ToString(), StringComparison.Ordinal) && new Uri(url).AbsolutePath == returnPath,
            new PageWaitForURLOptions { Timeout = 30_000 });
        await page.Locator("[data-interactive='true']").WaitForAsync();

        // The browser's session is the provider's user: /api/v1/me with the cookie alone says so.
        var me = await page.APIRequest.GetAsync("/api/v1/me");
        Assert.True(me.Ok, await me.TextAsync());
        Assert.Contains(_provider.Email, await me.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    private HttpClient ApiClient() => PromptConsoleApiClient.Create(_baseAddress);

    private async Task<List<JsonElement>> SsoAccountsAsync()
    {
        using var api = ApiClient();
        var users = await api.GetFromJsonAsync<JsonElement>("/api/v1/users");
        return users.EnumerateArray().Where(u => u.GetProperty("email").GetString() == _provider.Email).ToList();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null)
            await _factory.DisposeAsync();
        if (_provider is not null)
            await _provider.DisposeAsync();
    }
}
