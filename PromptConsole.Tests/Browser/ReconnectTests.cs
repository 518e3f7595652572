using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

using PromptConsole.Tests.TestSupport;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// The console as operators run it: the built app as its own process (Production, its own SQLite
/// file, demo prompts seeded, no demo traffic). The server is killed outright (SIGKILL, no graceful
/// shutdown), the browser shows the reconnect dialog, the server comes back on the same port, and the
/// page works again.
/// </summary>
public sealed class ReconnectTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _work = Directory.CreateTempSubdirectory("promptconsole-reconnect-").FullName;
    private readonly StringBuilder _serverLog = new();
    private readonly int _port = FreePort();
    private Process? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    public async Task InitializeAsync()
    {
        await StartServerAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await ConsoleBrowser.LaunchChromiumAsync(_playwright);
    }

    [Fact]
    public async Task After_the_server_is_killed_and_restarted_the_page_comes_back_and_works()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        try
        {
            await ConsoleBrowser.SignInAsync(page, "prompts", PromptConsoleFactory.AdminEmail, PromptConsoleFactory.AdminPassword);
            await page.Locator("[data-interactive='true']").WaitForAsync();
            await Assertions.Expect(page.GetByTestId("prompt-table")).ToBeVisibleAsync();

            // Outside Development the package's own assets come through UseStaticWebAssets: MudBlazor's CSS is served and applied.
            var css = await page.APIRequest.GetAsync("_content/MudBlazor/MudBlazor.min.css");
            Assert.Equal(200, css.Status);
            // The framework's own script, from the asset package (no extracted copy of an older one).
            var script = await page.APIRequest.GetAsync("_framework/blazor.web.js");
            Assert.Equal(200, script.Status);
            Assert.Contains("javascript", script.Headers["content-type"], StringComparison.Ordinal);
            var appBarPosition = await page.Locator(".mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).position");
            Assert.Equal("fixed", appBarPosition);

            var modal = page.Locator("#components-reconnect-modal");
            await Assertions.Expect(modal).ToBeHiddenAsync();

            KillServer();
            await Assertions.Expect(modal).ToBeVisibleAsync();
            Assert.True(await modal.EvaluateAsync<bool>("d => d.open"), "The reconnect dialog is not open.");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshot-reconnect.png") });

            await StartServerAsync();

            // The server lost the circuit with the process, so rejoining ends in a reload of the page (Blazor does
            // that by itself when the server no longer knows the circuit); if retries ran out meanwhile, Retry does it.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (await modal.IsVisibleAsync() && DateTime.UtcNow < deadline)
            {
                var retry = page.Locator("#components-reconnect-button");
                if (await retry.IsVisibleAsync())
                    await retry.ClickAsync();
                await Task.Delay(250);
            }

            await Assertions.Expect(modal).ToBeHiddenAsync();
            await page.Locator("[data-interactive='true']").WaitForAsync();

            // The new circuit answers clicks: open a prompt, then go back to the list through the navigation.
            var firstPrompt = page.Locator("[data-testid^='prompt-link-']").First;
            var key = (await firstPrompt.GetAttributeAsync("data-testid"))!["prompt-link-".Length..];
            await firstPrompt.ClickAsync();
            await Assertions.Expect(page.GetByTestId("prompt-page")).ToHaveAttributeAsync("data-prompt-key", key);
            await page.Locator(".mud-nav-link", new() { HasText = "Prompts" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId($"prompt-link-{key}")).ToBeVisibleAsync();
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-reconnect.png"), FullPage = true });
            lock (_serverLog)
                File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "failure-reconnect-server.log"), _serverLog.ToString());
            throw;
        }
    }

    private async Task StartServerAsync()
    {
        var app = WebAppPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["PromptConsole__Database__Provider"] = "Sqlite";
        start.Environment["PromptConsole__Database__ConnectionString"] = $"Data Source={Path.Combine(_work, "console.db")}";
        start.Environment["PromptConsole__Database__MigrateOnStartup"] = "true";
        start.Environment["PromptConsole__Database__SeedDemoData"] = "true";
        start.Environment["PromptConsole__DemoTraffic__Enabled"] = "false";
        start.Environment["PromptConsole__Auth__InitialAdmin__Email"] = PromptConsoleFactory.AdminEmail;
        start.Environment["PromptConsole__Auth__InitialAdmin__Password"] = PromptConsoleFactory.AdminPassword;

        var server = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        server.OutputDataReceived += (_, e) => { lock (_serverLog) _serverLog.AppendLine(e.Data); };
        server.ErrorDataReceived += (_, e) => { lock (_serverLog) _serverLog.AppendLine(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _server?.Dispose();
        _server = server;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
                throw new InvalidOperationException($"The server exited with {server.ExitCode}:\n{Log()}");
            try
            {
                if ((await http.GetAsync(new Uri(BaseAddress, "healthz"))).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not answer /healthz within {StartTimeout}:\n{Log()}");
    }

    /// <summary>SIGKILL to the process this test started (by its PID), and wait until it is gone.</summary>
    private void KillServer()
    {
        if (_server is not { HasExited: false } server)
            return;
        server.Kill();
        server.WaitForExit();
    }

    private string Log()
    {
        lock (_serverLog)
            return _serverLog.ToString();
    }

    /// <summary>PromptConsole.Web.dll in the web project's own build output (same configuration as these tests).</summary>
    private static string WebAppPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PromptConsole.sln")))
            root = root.Parent;
        if (root is null)
            throw new InvalidOperationException("PromptConsole.sln not found above " + AppContext.BaseDirectory);
        var app = Path.Combine(root.FullName, "PromptConsole.Web", "bin", configuration, framework, "PromptConsole.Web.dll");
        return File.Exists(app) ? app : throw new FileNotFoundException("Build the solution first: the web app is not at " + app, app);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        KillServer();
        _server?.Dispose();
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment after the kill; the temp folder is cleaned by the system.
        }
    }
}
