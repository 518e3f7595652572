using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// A new user's first canary release, as they would do it: open the prompt, start a canary of v2 on production
/// from the Labels tab, watch it take its first step, abort it with a reason, and find production still on v1,
/// the console announcing the abort, and the abort in the prompt's incident timeline.
/// <para>
/// The test advances the canary by calling <see cref="ICanaryService.AnalyseAsync"/> itself rather than waiting for
/// the analysis controller's interval, so it does not depend on that schedule; the controller running as well does
/// no harm (an analysis is idempotent per step). Steps of 0.05 minutes (3 s) keep the wait short.
/// </para>
/// </summary>
public sealed class CanaryReleaseTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    private const string Prompt = "order-status";
    private const string StepMinutes = "0.05";
    private const string AbortReason = "Answers mention the wrong carrier";

    [Fact]
    public async Task Start_a_canary_watch_it_step_abort_it_and_find_the_abort_in_the_incident_timeline()
    {
        await SeedAsync();
        using var api = app.CreateApiClient();

        var page = await app.OpenAsync($"prompts/{Prompt}");
        try
        {
            await WalkThroughAsync(page, api);
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-canary.png"), FullPage = true });
            throw;
        }
    }

    private async Task WalkThroughAsync(IPage page, HttpClient api)
    {
        // Start: the Labels tab offers a canary next to the deploy; the dialog proposes v2 on production.
        await page.Locator(".mud-tab", new() { HasText = "Labels" }).ClickAsync();
        await page.GetByTestId("start-canary-button").ClickAsync();
        await Expect(page.GetByTestId("start-canary-dialog")).ToBeVisibleAsync();
        await Expect(Field(page, "canary-candidate")).ToHaveValueAsync("v2");
        await Expect(Field(page, "canary-label-input")).ToHaveValueAsync("production");
        await Field(page, "canary-steps-input").FillAsync("50, 100");
        await Field(page, "canary-step-minutes").FillAsync(StepMinutes);
        await Field(page, "canary-step-minutes").PressAsync("Tab");
        await Field(page, "canary-min-executions").FillAsync("5");
        await Field(page, "canary-min-executions").PressAsync("Tab");
        // Latency and cost compare a simulator's spread and v2's longer template over a few dozen executions: noise
        // that may fail or pause the canary. This walk is about stepping and aborting, so only the rate gates stay on.
        foreach (var gate in new[] { "P95LatencyRatio", "CostPerExecutionRatio" })
            await page.Locator($"[data-testid=gate-enabled-{gate}] input[type=checkbox], input[type=checkbox][data-testid=gate-enabled-{gate}]").First.UncheckAsync();
        await Field(page, "canary-reason").FillAsync("Shorter status answers");
        await page.GetByTestId("confirm-start-canary").ClickAsync();

        // The canary page opens: running, first step (50 %).
        // The start saves the canary and its first step before navigating: give a busy 2-core machine time, and wait
        // for the URL only (the page's own assertions below wait for its content).
        await page.WaitForURLAsync(new Regex("/canaries/[^/]+$"), new() { Timeout = 45_000, WaitUntil = WaitUntilState.Commit });
        await Expect(page.GetByTestId("canary-status")).ToHaveAttributeAsync("data-status", "Running");
        await Expect(page.GetByTestId("canary-versions")).ToHaveTextAsync("v1 → v2");
        await Expect(page.GetByTestId("canary-steps")).ToHaveAttributeAsync("data-step-index", "0");

        // Traffic on production: both versions serve it while the canary runs.
        var versions = new HashSet<int>();
        for (var i = 0; i < 60; i++)
            versions.Add(await ExecuteAsync(api, $"customer-{i}"));
        Assert.Equal([1, 2], versions.Order());

        // Watch it step: once the step has lasted its time, an analysis advances it, and the page follows by itself.
        await Task.Delay(TimeSpan.FromMinutes(double.Parse(StepMinutes, System.Globalization.CultureInfo.InvariantCulture)) + TimeSpan.FromSeconds(1));
        await app.Factory.Services.GetRequiredService<ICanaryService>().AnalyseAsync();
        await Expect(page.GetByTestId("canary-steps")).ToHaveAttributeAsync("data-step-index", "1", new() { Timeout = 20_000 });
        await Expect(page.Locator("[data-testid=canary-decision][data-action=advance]")).ToHaveCountAsync(1);

        // Abort with a reason: the page says why, and the console announces it.
        await page.GetByTestId("canary-abort").ClickAsync();
        await Field(page, "abort-reason").FillAsync(AbortReason);
        await page.GetByTestId("confirm-abort").ClickAsync();
        await Expect(page.GetByTestId("canary-status")).ToHaveAttributeAsync("data-status", "Aborted");
        await Expect(page.GetByTestId("canary-status-reason")).ToContainTextAsync(AbortReason);
        await Expect(page.GetByTestId("canary-abort-notice")).ToContainTextAsync(AbortReason, new() { Timeout = 20_000 });

        // Production is still on the baseline and serves only it.
        var stored = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAsync(Prompt);
        Assert.Equal(1, stored.Value.FindLabel(LabelName.Production)!.VersionNumber);
        for (var i = 0; i < 10; i++)
            Assert.Equal(1, await ExecuteAsync(api, $"customer-{i}"));

        // The incident timeline of the prompt shows the abort with its reason.
        await page.GetByTestId("canary-incidents-link").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/prompts/{Prompt}\\?tab=incidents$"));
        await Expect(page.Locator(".mud-tab.mud-tab-active")).ToHaveTextAsync("Incidents");
        await Expect(page.Locator($"text={AbortReason} >> visible=true").First).ToBeVisibleAsync();
    }

    /// <summary>Runs the prompt through production for one subject; the version that served it.</summary>
    private static async Task<int> ExecuteAsync(HttpClient api, string subject)
    {
        using var response = await api.PostAsJsonAsync($"api/v1/prompts/{Prompt}/execute", new { variables = new { order = "A-1001" }, subject });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<ExecuteAnswer>();
        return answer!.Prompt.Version;
    }

    private sealed record ExecuteAnswer(PromptAnswer Prompt);

    private sealed record PromptAnswer(string Key, int Version);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>The input behind a test id (MudBlazor puts the id on the input or on its wrapper).</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($":is(input, textarea)[data-testid='{testId}'], [data-testid='{testId}'] :is(input, textarea)").First;

    private async Task SeedAsync()
    {
        var registry = app.Factory.Services.GetRequiredService<IPromptRegistry>();
        var model = app.Factory.Services.GetRequiredService<PromptConsole.Web.Infrastructure.Providers.IModelCatalog>().Models[0].Model;
        var created = await registry.CreateAsync(
            new CreatePromptCommand(Prompt, "Order status", "Tells a customer where their order is.", ["support"],
                new VersionDraft("Tell the customer the status of order {{order}}.", new ModelSettings(model, 0.2, 200), [new VariableDeclaration("order")], Note: "First")),
            "alice");
        Assert.True(created.IsSuccess, created.Error?.Message);
        var second = await registry.AddVersionAsync(Prompt,
            new VersionDraft("In one sentence, tell the customer the status of order {{order}}.", new ModelSettings(model, 0.2, 200), [new VariableDeclaration("order")], Note: "Shorter"),
            null, "alice");
        Assert.True(second.IsSuccess, second.Error?.Message);
        Assert.True((await registry.DeployAsync(Prompt, LabelName.Production, 1, "first", null, "alice")).IsSuccess);
    }
}
