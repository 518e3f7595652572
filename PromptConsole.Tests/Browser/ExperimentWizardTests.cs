using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// A prompt engineer's first experiment, as they would run it: open the wizard from the prompt,
/// name it, keep the suggested arms (production's version against the latest), plan the sample,
/// launch, watch the results fill while traffic with subjects comes in, then ship the treatment —
/// and production serves its version.
/// </summary>
public sealed class ExperimentWizardTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    private const string Prompt = "welcome-mail";
    private const string Experiment = "welcome-warmer";

    [Fact]
    public async Task Create_launch_watch_results_fill_and_ship_from_the_wizard()
    {
        await SeedAsync();
        using var api = app.CreateApiClient();
        // Some production traffic first, so the wizard has a baseline and a rate to plan with.
        for (var i = 0; i < 20; i++)
            await ExecuteAsync(api, $"warmup-{i}");

        var page = await app.OpenAsync($"experiments/new?prompt={Prompt}");
        try
        {
            await WalkThroughAsync(page, api);
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-experiment.png"), FullPage = true });
            throw;
        }
    }

    private async Task WalkThroughAsync(IPage page, HttpClient api)
    {
        // Prompt step: the prompt from the address is chosen; name the experiment and say why.
        await Field(page, "wizard-key").FillAsync(Experiment);
        await Field(page, "wizard-hypothesis").FillAsync("A warmer welcome is answered as reliably.");
        await NextAsync(page, "arms");

        // Arms: the control is production's version (v1), the treatment the latest (v2).
        await Expect(page.Locator("[data-testid^=arm-name-]")).ToHaveCountAsync(2);
        await NextAsync(page, "audience");
        await NextAsync(page, "metrics");
        await NextAsync(page, "samplesize");

        // Plan: traffic is known; a baseline rate of 0.9 and a 10 % effect give a sample and a duration.
        await Field(page, "baseline").FillAsync("0.9");
        await Field(page, "mde").FillAsync("10");
        await Field(page, "mde").PressAsync("Tab");
        await Expect(page.GetByTestId("sample-per-arm")).Not.ToBeEmptyAsync();
        await NextAsync(page, "review");
        await Expect(page.GetByTestId("review-summary")).ToContainTextAsync(Experiment);

        // Launch: the experiment page opens, running.
        await page.GetByTestId("launch").ClickAsync();
        await page.WaitForURLAsync(new Regex($"/experiments/{Experiment}$"));
        await Expect(page.GetByTestId("experiment-status")).ToContainTextAsync("Running");

        // Traffic with subjects: both arms serve, and the page fills without a reload.
        var arms = new HashSet<string>();
        for (var i = 0; i < 120; i++)
            arms.Add(await ExecuteAsync(api, $"user-{i}"));
        Assert.Equal(["control", "treatment"], arms.Order(StringComparer.Ordinal));
        await Expect(page.GetByTestId("arm-n-control")).Not.ToHaveAttributeAsync("data-value", "0", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("arm-n-treatment")).Not.ToHaveAttributeAsync("data-value", "0", new() { Timeout = 20_000 });
        var shown = int.Parse(await page.GetByTestId("arm-n-control").GetAttributeAsync("data-value") ?? "0")
            + int.Parse(await page.GetByTestId("arm-n-treatment").GetAttributeAsync("data-value") ?? "0");
        Assert.InRange(shown, 1, 120);
        await Expect(page.GetByTestId("recommendation")).ToBeVisibleAsync();

        // Ship the treatment with a reason: the experiment stops and production serves v2.
        await page.GetByTestId("ship-treatment").ClickAsync();
        await Field(page, "ship-reason").FillAsync("Same success rate, warmer tone");
        await page.GetByTestId("confirm-ship").ClickAsync();
        await Expect(page.GetByTestId("experiment-status")).ToContainTextAsync("Stopped");
        await Expect(page.GetByTestId("experiment-decision")).ToContainTextAsync("treatment");

        var stored = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAsync(Prompt);
        Assert.Equal(2, stored.Value.FindLabel(LabelName.Production)!.VersionNumber);
        using var after = await api.PostAsJsonAsync($"api/v1/prompts/{Prompt}/execute", new { variables = new { name = "Ada" }, subject = "user-1" });
        var served = (await after.Content.ReadFromJsonAsync<ExecuteAnswer>())!;
        Assert.Equal(("label", 2), (served.Route.Kind, served.Prompt.Version));
    }

    private static async Task NextAsync(IPage page, string step)
    {
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("experiment-wizard")).ToHaveAttributeAsync("data-step", step);
    }

    /// <summary>Runs the prompt for one subject; the arm that served it ("" when not in an experiment).</summary>
    private static async Task<string> ExecuteAsync(HttpClient api, string subject)
    {
        using var response = await api.PostAsJsonAsync($"api/v1/prompts/{Prompt}/execute", new { variables = new { name = "Ada" }, subject });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<ExecuteAnswer>();
        return answer!.Route.Arm ?? string.Empty;
    }

    private sealed record ExecuteAnswer(RouteAnswer Route, PromptAnswer Prompt);

    private sealed record RouteAnswer(string Kind, string Id, string? Arm, string? Experiment);

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
            new CreatePromptCommand(Prompt, "Welcome mail", "Greets a new customer.", ["onboarding"],
                new VersionDraft("Write a short welcome for {{name}}.", new ModelSettings(model, 0.3, 200), [new VariableDeclaration("name")], Note: "First")),
            "alice");
        Assert.True(created.IsSuccess, created.Error?.Message);
        var second = await registry.AddVersionAsync(Prompt,
            new VersionDraft("Write a warm, personal welcome for {{name}}.", new ModelSettings(model, 0.3, 200), [new VariableDeclaration("name")], Note: "Warmer"),
            null, "alice");
        Assert.True(second.IsSuccess, second.Error?.Message);
        Assert.True((await registry.DeployAsync(Prompt, LabelName.Production, 1, "first", null, "alice")).IsSuccess);
    }
}
