using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Infrastructure.Recording;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// An on-call engineer's first SLO: create it in the console for a prompt, open its page, watch the error budget
/// drop as failing executions arrive (a simulator provider that always fails), see the page alert an slo-burn rule
/// raises, and acknowledge it with a comment.
/// The alert is raised by one <see cref="IAlertService.EvaluateAsync"/> pass rather than by waiting for the
/// evaluation controller's interval.
/// </summary>
public sealed class SloBudgetBrowserTests
{
    private const string Prompt = "checkout-help";
    private const string SloName = "checkout-help availability";
    private const string Comment = "Provider outage, failing over";
    private static readonly TimeSpan BudgetTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Create_an_slo_watch_its_budget_drop_and_acknowledge_its_alert()
    {
        var app = new ConsoleBrowser();
        app.Factory.WithSetting("PromptConsole:Providers:broken:Kind", "Simulator")
            .WithSetting("PromptConsole:Providers:broken:ErrorRate", "1")
            .WithSetting("PromptConsole:Providers:broken:LatencyMedianMs", "0")
            .WithSetting("PromptConsole:Providers:broken:LatencyP95Ms", "0")
            .WithSetting("PromptConsole:Models:sim-broken:Provider", "broken");
        try
        {
            await app.InitializeAsync();
            using var api = app.CreateApiClient();
            await api.CreateDeployedPromptAsync(Prompt, new { template = "Help with order {{id}}", model = new { model = "sim-broken" }, variables = new[] { new { name = "id" } } });

            var page = await app.OpenAsync("slos");
            try
            {
                await WalkThroughAsync(app, page, api);
            }
            catch
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-slo.png"), FullPage = true });
                throw;
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task WalkThroughAsync(ConsoleBrowser app, IPage page, HttpClient api)
    {
        // Create the SLO from the list: 99 % of the prompt's executions succeed over 28 days.
        await Expect(page.GetByTestId("slo-list-empty")).ToBeVisibleAsync();
        await page.GetByTestId("new-slo").ClickAsync();
        await Expect(page.GetByTestId("slo-dialog")).ToBeVisibleAsync();
        await Field(page, "slo-name").FillAsync(SloName);
        await Field(page, "slo-prompt").FillAsync(Prompt);
        await Field(page, "slo-objective").FillAsync("99");
        await Field(page, "slo-objective").PressAsync("Tab");
        await page.GetByTestId("confirm-save-slo").ClickAsync();
        var row = page.Locator($"[data-testid=slo-row][data-slo-name='{SloName}']");
        await Expect(row).ToBeVisibleAsync();
        var sloId = await row.GetAttributeAsync("data-slo-id");
        Assert.NotNull(sloId);

        // An slo-burn rule pages the on-call webhook when the SLO burns.
        await using var pager = await WebhookReceiver.StartAsync();
        var channel = await api.PostJsonAsync("/api/v1/channels", new { name = "on-call", type = "webhook", url = pager.Url });
        Assert.True(channel.Status == HttpStatusCode.Created, $"{channel.Status} {channel.Body}");
        var rule = await api.PostJsonAsync("/api/v1/alerts/rules",
            new { name = "checkout-help burns", condition = "slo-burn", slo = sloId, severity = "page", actions = new[] { "notify" }, channels = new[] { (string)channel.Body!["id"]! } });
        Assert.True(rule.Status == HttpStatusCode.Created, $"{rule.Status} {rule.Body}");

        // Its page: the whole budget while nothing failed.
        await row.GetByTestId("slo-link").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/slos/{sloId}$"));
        var budget = page.GetByTestId("slo-budget-value");
        await Expect(budget).ToBeVisibleAsync();
        var beforeRaw = await budget.GetAttributeAsync("data-budget") ?? string.Empty;
        var before = Budget(beforeRaw);

        // Failing executions arrive; the page follows by itself and the budget drops.
        for (var i = 0; i < 30; i++)
            Assert.Equal(HttpStatusCode.BadGateway, (await api.PostJsonAsync($"/api/v1/prompts/{Prompt}/execute", new { variables = new { id = $"A-{i}" } })).Status);
        await app.Factory.Services.GetRequiredService<IExecutionRecorder>().FlushAsync();
        await Expect(budget).Not.ToHaveAttributeAsync("data-budget", beforeRaw, new() { Timeout = (float)BudgetTimeout.TotalMilliseconds });
        Assert.True(Budget(await budget.GetAttributeAsync("data-budget")) < before);
        await Expect(page.Locator("[data-testid=slo-window][data-window='5m']")).ToHaveAttributeAsync("data-crossed", "page", new() { Timeout = (float)BudgetTimeout.TotalMilliseconds });

        // The rule fires a page; the SLO page lists it and it is acknowledged from there.
        await app.Factory.Services.GetRequiredService<IAlertService>().EvaluateAsync();
        var alert = page.Locator("[data-testid=slo-alerts] [data-testid=alert-row]").First;
        await Expect(alert).ToHaveAttributeAsync("data-status", "firing", new() { Timeout = 20_000 });
        Assert.Equal("firing", Assert.Single(pager.Received).Header("X-PromptConsole-Event"));
        await alert.GetByTestId("alert-acknowledge").ClickAsync();
        await Field(page, "acknowledge-comment").FillAsync(Comment);
        await page.GetByTestId("confirm-acknowledge").ClickAsync();
        await Expect(alert).ToHaveAttributeAsync("data-status", "acknowledged");
        await Expect(page.GetByTestId("slo-action-status")).ToContainTextAsync("Acknowledged");

        // The alerts page agrees.
        await page.GotoAsync("alerts");
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await Expect(page.Locator("[data-testid=alerts-firing] [data-testid=alert-row][data-status=acknowledged]")).ToHaveCountAsync(1);
    }

    private static double Budget(string? raw) => double.Parse(raw ?? "NaN", CultureInfo.InvariantCulture);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>The input behind a test id (MudBlazor puts the id on the input or on its wrapper).</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($":is(input, textarea)[data-testid='{testId}'], [data-testid='{testId}'] :is(input, textarea)").First;
}
