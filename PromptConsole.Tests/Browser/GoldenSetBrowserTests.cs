using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.GoldenSets;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.GoldenSets;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// An operator runs the golden set against v2 in the console, sees the failing case, is refused the
/// deploy of v2 by the golden gate, and overrides it with a reason that lands in the audit.
/// </summary>
public sealed class GoldenSetBrowserTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    private const string Key = "golden-greeting";

    [Fact]
    public async Task A_failing_golden_run_blocks_the_deploy_and_an_override_is_audited()
    {
        await SeedAsync();
        var page = await app.OpenAsync($"prompts/{Key}");
        try
        {
            await Tab(page, "Golden set").ClickAsync();
            await Expect(page.GetByTestId("golden-cases")).ToContainTextAsync("speaks French");
            await PickAsync(page, "golden-run-version", "v2");
            await page.GetByTestId("golden-run").ClickAsync();
            await Expect(page.GetByTestId("golden-run-summary")).ToContainTextAsync("v2: 1 of 1 case failed.");
            await Expect(page.GetByTestId("golden-failures")).ToContainTextAsync("The output does not contain 'bonjour'.");
            await Expect(page.GetByTestId("golden-output")).ToContainTextAsync("[simulated]");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "golden-set-tab.png"), FullPage = true });

            await Tab(page, "Labels").ClickAsync();
            await PickAsync(page, "deploy-version", "v2");
            await page.GetByTestId("deploy-button").ClickAsync();
            await Field(page, "deploy-reason").FillAsync("Ship the shorter greeting");
            await page.GetByTestId("confirm-deploy").ClickAsync();
            await Expect(page.GetByTestId("golden-gate-message")).ToContainTextAsync("The last golden run of v2");
            await Expect(page.GetByTestId("label-version-production")).ToHaveTextAsync("v1");

            await Field(page, "override-reason").FillAsync("French launch is next month");
            await page.GetByTestId("override-deploy").ClickAsync();
            await Expect(page.GetByTestId("label-version-production")).ToHaveTextAsync("v2");
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-golden.png"), FullPage = true });
            throw;
        }

        var audit = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAuditAsync(new AuditQuery(Key));
        var overridden = Assert.Single(audit, e => e.Action == AuditActions.GoldenGateOverridden);
        Assert.Equal("French launch is next month", overridden.Reason);
    }

    private async Task SeedAsync()
    {
        var registry = app.Factory.Services.GetRequiredService<IPromptRegistry>();
        var model = app.Factory.Services.GetRequiredService<PromptConsole.Web.Infrastructure.Providers.IModelCatalog>().Models[0].Model;
        VersionDraft Draft(string template) => new(template, new ModelSettings(model), [new VariableDeclaration("name")]);
        Assert.True((await registry.CreateAsync(new CreatePromptCommand(Key, "Golden greeting", null, [], Draft("Hello {{name}}.")), "alice")).IsSuccess);
        Assert.True((await registry.AddVersionAsync(Key, Draft("Hi {{name}}!"), null, "alice")).IsSuccess);
        Assert.True((await registry.DeployAsync(Key, LabelName.Production, 1, "first", null, "alice")).IsSuccess);
        var golden = app.Factory.Services.GetRequiredService<IGoldenSetService>();
        var created = await golden.CreateCaseAsync(
            Key,
            new GoldenCaseDraft("speaks French", new Dictionary<string, string> { ["name"] = "\"Ada\"" }, new GoldenExpectationsDraft(RequiredPhrases: ["bonjour"])),
            "alice");
        Assert.True(created.IsSuccess);
    }

    private static ILocator Tab(IPage page, string title) =>
        page.Locator(".mud-tabs .mud-tab").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(title)}\\s*$") });

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($":is(input, textarea)[data-testid='{testId}'], [data-testid='{testId}'] :is(input, textarea)").First;

    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid='{testId}']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
