using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;
using PromptConsole.Web.Services.Batches;

namespace PromptConsole.Tests.Browser;

/// <summary>An operator finds a batch job on the batches page, opens it and sees its progress and its results.</summary>
public sealed class BatchBrowserTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    private const string Key = "batch-greeting";

    [Fact]
    public async Task A_batch_job_shows_its_progress_and_results_in_the_console()
    {
        var id = await SeedAsync();
        var page = await app.OpenAsync("batches");
        try
        {
            await Expect(page.GetByTestId($"batch-counts-{id}")).ToHaveTextAsync("3 / 3 done");
            await Expect(page.GetByTestId($"batch-progress-{id}")).ToBeVisibleAsync();
            await page.GetByTestId($"batch-link-{id}").ClickAsync();

            await Expect(page.GetByTestId("batch-status")).ToContainTextAsync("completed");
            await Expect(page.GetByTestId("batch-succeeded")).ToHaveTextAsync("3");
            await Expect(page.GetByTestId("batch-item-status-2")).ToHaveTextAsync("succeeded");
            await Expect(page.GetByTestId("batch-results")).ToContainTextAsync("[simulated]");
            await Expect(page.GetByTestId("batch-download")).ToHaveAttributeAsync("href", $"/api/v1/batches/{id}/results");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "batch-job.png"), FullPage = true });
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-batch.png"), FullPage = true });
            throw;
        }
    }

    /// <summary>A prompt and a finished three-item job on the simulator.</summary>
    private async Task<Guid> SeedAsync()
    {
        var registry = app.Factory.Services.GetRequiredService<IPromptRegistry>();
        var model = app.Factory.Services.GetRequiredService<PromptConsole.Web.Infrastructure.Providers.IModelCatalog>().Models[0].Model;
        var draft = new VersionDraft("Hello {{name}}.", new ModelSettings(model), [new VariableDeclaration("name")]);
        Assert.True((await registry.CreateAsync(new CreatePromptCommand(Key, "Batch greeting", null, [], draft), "alice")).IsSuccess);
        Assert.True((await registry.DeployAsync(Key, LabelName.Production, 1, "first", null, "alice")).IsSuccess);

        var batches = app.Factory.Services.GetRequiredService<IBatchService>();
        var items = new[] { "Ada", "Grace", "Linus" }.Select((name, i) => new BatchItemInput(
            $"items[{i}]", null, new Dictionary<string, VariableValue> { ["name"] = VariableValue.FromString(name) }, $"{{\"name\":\"{name}\"}}", null, $"c{i}")).ToArray();
        var created = await batches.CreateAsync(new BatchSubmission(Key, items), "alice");
        Assert.True(created.IsSuccess, created.Error?.Message);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await batches.GetAsync(created.Value.Id))!.Status != PromptConsole.Domain.Batches.BatchStatus.Completed)
        {
            Assert.True(DateTime.UtcNow < deadline, "The batch did not finish in time.");
            await Task.Delay(100);
        }

        return created.Value.Id;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
