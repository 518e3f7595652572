using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// The real application on a real loopback port (Kestrel, fresh SQLite database) and a headless
/// Debian Chromium driving it. Playwright's bundled driver works offline; its own browser
/// downloads are never used.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PromptConsoleFactory Factory { get; } = new();

    public IBrowser Browser { get; private set; } = default!;

    public Uri BaseAddress { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Headless Debian Chromium with the switches that keep it offline and quiet.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        // Assertions poll up to 5 s by default: too short for a busy two-core machine. The setting is process-wide, so
        // it is made wherever a browser starts rather than by some test classes (which left the others' timeout to the
        // order the classes happened to run in).
        Assertions.SetDefaultExpectTimeout(15_000);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>
    /// A page at <paramref name="path"/>, returned once the Blazor circuit is connected (clicks before that are lost).
    /// The viewport is a laptop's unless <paramref name="viewport"/> says otherwise (e.g. a phone's).
    /// </summary>
    public async Task<IPage> OpenAsync(string path, ViewportSize? viewport = null, (string Email, string Password)? signIn = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1440, Height = 1000 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var (email, password) = signIn ?? (PromptConsoleFactory.AdminEmail, PromptConsoleFactory.AdminPassword);
        await SignInAsync(page, path, email, password);
        await page.Locator("[data-interactive='true']").WaitForAsync();
        return page;
    }

    /// <summary>Opens <paramref name="path"/>, which sends a signed-out browser to the sign-in page, and signs in there.</summary>
    public static async Task SignInAsync(IPage page, string path, string email, string password)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-testid='sign-in-form']").WaitForAsync();
        await page.FillAsync("[data-testid='sign-in-email']", email);
        await page.FillAsync("[data-testid='sign-in-password']", password);
        await page.ClickAsync("[data-testid='sign-in-submit']");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
    }

    /// <summary>A client for the API of this instance, calling with the master key.</summary>
    public HttpClient CreateApiClient() => PromptConsoleApiClient.Create(BaseAddress);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}
