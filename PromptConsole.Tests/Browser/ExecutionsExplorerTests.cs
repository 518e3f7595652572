using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// An on-call engineer looking for one request: executions run through the API, the executions
/// page lists them, a prompt filter narrows the list (and the address carries it), and the detail
/// shows the stage timings and links to the trace in the configured trace UI.
/// </summary>
public sealed class ExecutionsExplorerTests
{
    private const string TraceUrlTemplate = "http://traces.example.test/trace/{traceId}";

    [Fact]
    public async Task Filter_by_prompt_open_an_execution_and_follow_its_trace_link()
    {
        var app = new ConsoleBrowser();
        app.Factory.WithSetting("PromptConsole:Tracing:TraceUrlTemplate", TraceUrlTemplate)
            .WithSetting("PromptConsole:Providers:broken:Kind", "Simulator")
            .WithSetting("PromptConsole:Providers:broken:ErrorRate", "1")
            .WithSetting("PromptConsole:Providers:broken:LatencyMedianMs", "0")
            .WithSetting("PromptConsole:Providers:broken:LatencyP95Ms", "0")
            .WithSetting("PromptConsole:Models:sim-broken:Provider", "broken");
        try
        {
            await app.InitializeAsync();
            await WalkThroughAsync(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task WalkThroughAsync(ConsoleBrowser app)
    {
        using var client = app.CreateApiClient();
        await client.CreateDeployedPromptAsync("order-status", new { template = "Where is order {{id}}?", model = new { model = "sim-fast" }, variables = new[] { new { name = "id", type = "Id" } } });
        await client.CreateDeployedPromptAsync("ticket-summary", new { template = "Summarize {{text}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "text" } } });
        var traceIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (status, body, _) = await client.PostJsonAsync("/api/v1/prompts/order-status/execute", new { variables = new { id = $"A-{i}" } });
            Assert.Equal(HttpStatusCode.OK, status);
            traceIds.Add(body!["traceId"]!.GetValue<string>());
        }

        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Put, "/api/v1/prompts/ticket-summary", new { captureEnabled = true })).Status);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/api/v1/prompts/ticket-summary/execute", new { variables = new { text = $"printer ticket {i}" } })).Status);
        await client.CreateDeployedPromptAsync("flaky", new { template = "Try {{x}}", model = new { model = "sim-broken" }, variables = new[] { new { name = "x" } } });
        Assert.Equal(HttpStatusCode.BadGateway, (await client.PostJsonAsync("/api/v1/prompts/flaky/execute", new { variables = new { x = "1" } })).Status);
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

        var page = await app.OpenAsync("executions");
        try
        {
            var rows = page.GetByTestId("execution-link");
            await Expect(rows).ToHaveCountAsync(6);
            await Expect(page.GetByTestId("execution-total")).ToHaveTextAsync("6 executions");
            await Expect(page.GetByTestId("execution-outcome").First).ToHaveTextAsync("Provider failed");
            await SaveScreenshotAsync(page, "screenshot-executions.png");

            // Filter by prompt: the list narrows and the address carries the filter.
            await page.GetByTestId("filter-prompt").FillAsync("order-status");
            await page.GetByTestId("filter-prompt").PressAsync("Enter");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("executions\\?prompt=order-status$"));
            await Expect(rows).ToHaveCountAsync(3);
            await Expect(page.GetByTestId("execution-prompt")).ToHaveTextAsync(["order-status", "order-status", "order-status"]);
            await Expect(page.GetByTestId("execution-total")).ToHaveTextAsync("3 executions match");

            // A mistyped key is refused by name, and the box keeps what was typed so it can be corrected.
            await page.GetByTestId("filter-prompt").FillAsync("order status");
            await page.GetByTestId("filter-prompt").PressAsync("Enter");
            await Expect(page.GetByTestId("execution-filter-error")).ToContainTextAsync("prompt");
            await Expect(page.GetByTestId("filter-prompt")).ToHaveValueAsync("order status");
            await page.GetByTestId("filter-prompt").FillAsync("order-status");
            await page.GetByTestId("filter-prompt").PressAsync("Enter");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("executions\\?prompt=order-status$"));
            await Expect(rows).ToHaveCountAsync(3);

            // Newest first: the top row is the last execution; its detail has the stages and the trace link.
            await rows.First.ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("executions/[0-9a-f-]{36}$"));
            var stages = page.GetByTestId("stage-timings");
            await Expect(stages).ToBeVisibleAsync();
            foreach (var stage in new[] { "Route", "Render", "Provider" })
                await Expect(stages.Locator($"[data-stage='{stage}']")).ToContainTextAsync(new Regex("\\d ms$"));
            // The prompt has neither the cache on nor output checks: those stages did not run.
            foreach (var stage in new[] { "Cache", "Checks" })
                await Expect(stages.Locator($"[data-stage='{stage}']")).ToContainTextAsync("did not run");
            var traceLink = page.GetByTestId("trace-link");
            await Expect(traceLink).ToHaveAttributeAsync("href", TraceUrlTemplate.Replace("{traceId}", traceIds[^1], StringComparison.Ordinal));
            await Expect(traceLink).ToHaveTextAsync(traceIds[^1]);
            await Expect(page.GetByTestId("no-capture")).ToBeVisibleAsync();
            await SaveScreenshotAsync(page, "screenshot-execution-detail.png");

            // A shared link opens the same filtered view in a fresh page; that prompt captures its text.
            var shared = await app.OpenAsync("executions?prompt=ticket-summary");
            await Expect(shared.GetByTestId("execution-link")).ToHaveCountAsync(2);
            await Expect(shared.GetByTestId("filter-prompt")).ToHaveValueAsync("ticket-summary");
            await shared.GetByTestId("execution-link").First.ClickAsync();
            await Expect(shared.GetByTestId("captured-input")).ToContainTextAsync("printer ticket 1");
            await Expect(shared.GetByTestId("captured-output")).Not.ToBeEmptyAsync();
            await SaveScreenshotAsync(shared, "screenshot-execution-captured.png");

            // From a prompt's page, one click lists that prompt's executions.
            var prompt = await app.OpenAsync("prompts/order-status");
            await prompt.GetByTestId("prompt-executions-link").ClickAsync();
            await Assertions.Expect(prompt).ToHaveURLAsync(new Regex("executions\\?prompt=order-status$"));
            await Expect(prompt.GetByTestId("execution-link")).ToHaveCountAsync(3);
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-executions.png"), FullPage = true });
            throw;
        }
    }

    [Fact]
    public async Task The_grid_pages_on_the_server()
    {
        var app = new ConsoleBrowser();
        try
        {
            await app.InitializeAsync();
            using var client = app.CreateApiClient();
            await client.CreateDeployedPromptAsync("paged", new { template = "Item {{n}}", model = new { model = "sim-fast" }, variables = new[] { new { name = "n" } } });
            for (var i = 0; i < 27; i++)
                Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/api/v1/prompts/paged/execute", new { variables = new { n = $"{i}" } })).Status);
            await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();

            var page = await app.OpenAsync("executions?prompt=paged");
            var rows = page.GetByTestId("execution-link");
            await Expect(rows).ToHaveCountAsync(25);
            await Expect(page.GetByTestId("execution-total")).ToHaveTextAsync("27 executions match");
            var newest = await rows.First.GetAttributeAsync("data-execution-id");

            await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();

            await Expect(rows).ToHaveCountAsync(2);
            Assert.NotEqual(newest, await rows.First.GetAttributeAsync("data-execution-id"));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unknown_execution_shows_a_not_found_panel()
    {
        var app = new ConsoleBrowser();
        try
        {
            await app.InitializeAsync();
            var page = await app.OpenAsync($"executions/{Guid.Empty}");

            await Expect(page.GetByTestId("execution-not-found")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("execution-load-error")).ToContainTextAsync($"There is no execution '{Guid.Empty}'.");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        await page.Mouse.MoveAsync(0, 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, name), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
