using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// A new operator's first session: open a prompt, write version 2 in the editor, deploy it to
/// production, see production serve it, roll back with a reason, see production serve v1 again,
/// and run it from the "Try it" tab.
/// </summary>
public sealed class PromptLifecycleTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    private const string Key = "order-status";

    /// <summary>Set to "1" to refresh the README screenshot (docs/screenshot-console.png) from this run.</summary>
    private const string UpdateScreenshotVariable = "PROMPTCONSOLE_UPDATE_SCREENSHOT";

    [Fact]
    public async Task Edit_deploy_and_roll_back_a_prompt()
    {
        await SeedAsync();
        var page = await app.OpenAsync("prompts");
        try
        {
            await WalkThroughAsync(page);
        }
        catch
        {
            // What the browser showed when it failed, next to the test binaries.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "failure-console.png"), FullPage = true });
            throw;
        }
    }

    private async Task WalkThroughAsync(IPage page)
    {

        // The list shows the prompt; open it.
        await page.GetByTestId($"prompt-link-{Key}").ClickAsync();
        await Expect(page.GetByTestId("prompt-name")).ToHaveTextAsync("Order status reply");
        await Expect(page.GetByTestId("simulator-banner")).ToBeVisibleAsync();

        // Editor: it starts from v1; write v2 and save it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Editor" }).ClickAsync();
        var editor = page.GetByTestId("template-editor");
        await Expect(editor).ToHaveValueAsync(new Regex("Order \\{\\{order_id\\}\\}"));
        await editor.FillAsync("Hi {{customer}},\nyour order {{order_id}} has shipped and arrives {{eta}}.\nThanks for your patience!");
        await Expect(page.GetByTestId("live-review")).ToContainTextAsync("Line 2, column 51: Variable 'eta' is used but not declared.");
        await page.GetByTestId("declare-used").ClickAsync();
        await Expect(page.GetByTestId("live-review")).ToBeHiddenAsync();
        await page.GetByTestId("sample-customer").FillAsync("Ada");
        await page.GetByTestId("sample-order_id").FillAsync("A-1042");
        await page.GetByTestId("sample-eta").FillAsync("tomorrow");
        await Expect(page.GetByTestId("preview-user")).ToContainTextAsync("your order A-1042 has shipped and arrives tomorrow.");
        await page.GetByTestId("version-note").FillAsync("Mention the delivery estimate");
        await page.GetByTestId("save-version").ClickAsync();
        await Expect(page.GetByTestId("editor-status")).ToContainTextAsync("Saved as version 2.");

        // Labels: production serves v1; deploy v2 to it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Labels" }).ClickAsync();
        var production = page.GetByTestId("label-version-production");
        await Expect(production).ToHaveTextAsync("v1");
        await page.GetByTestId("deploy-label").FillAsync("production");
        await page.GetByTestId("deploy-version").SelectOptionAsync("2");
        await page.GetByTestId("deploy-button").ClickAsync();
        await page.GetByTestId("deploy-reason").FillAsync("Ship the delivery estimate");
        await page.GetByTestId("confirm-deploy").ClickAsync();
        await Expect(production).ToHaveTextAsync("v2");

        // One-click rollback with a reason: production is back on v1.
        await page.GetByTestId("rollback-production").ClickAsync();
        await page.GetByTestId("rollback-reason").FillAsync("Customers report wrong dates");
        await page.GetByTestId("confirm-rollback").ClickAsync();
        await Expect(production).ToHaveTextAsync("v1");
        await Expect(page.GetByTestId("labels-status")).ToContainTextAsync("production rolled back to version 1.");
        await Expect(page.GetByTestId("label-history-production")).ToContainTextAsync("rollback: v2 → v1");
        await Expect(page.GetByTestId("label-history-production")).ToContainTextAsync("Customers report wrong dates");

        // The registry agrees, and the audit trail has the reason.
        var stored = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAsync(Key);
        Assert.Equal(1, stored.Value.FindLabel(LabelName.Production)!.VersionNumber);
        Assert.Equal(2, stored.Value.LatestVersion!.Number);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Audit" }).ClickAsync();
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("Customers report wrong dates");

        // Try it runs production (v1 again) through the real pipeline on the simulator.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Try it" }).ClickAsync();
        await page.GetByTestId("try-customer").FillAsync("Ada");
        await page.GetByTestId("try-order_id").FillAsync("A-1042");
        await page.GetByTestId("run-prompt").ClickAsync();
        await Expect(page.GetByTestId("try-result")).ToContainTextAsync("label production → v1");
        await Expect(page.GetByTestId("simulated-badge")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("try-output")).Not.ToBeEmptyAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Labels" }).ClickAsync();
        await page.Mouse.MoveAsync(0, 0);
        await SaveScreenshotAsync(page);
    }

    private async Task SeedAsync()
    {
        var registry = app.Factory.Services.GetRequiredService<IPromptRegistry>();
        var model = app.Factory.Services.GetRequiredService<PromptConsole.Web.Infrastructure.Providers.IModelCatalog>().Models[0].Model;
        var created = await registry.CreateAsync(
            new CreatePromptCommand(
                Key,
                "Order status reply",
                "Answers customers asking where their order is.",
                ["support", "orders"],
                new VersionDraft(
                    "Hi {{customer}},\nOrder {{order_id}} is on its way.",
                    new ModelSettings(model, 0.3, 300),
                    [new VariableDeclaration("customer"), new VariableDeclaration("order_id", VariableType.Id)],
                    SystemText: "You are a friendly support agent. Keep answers short.",
                    Note: "First version")),
            "alice");
        Assert.True(created.IsSuccess, created.Error?.Message);
        var deployed = await registry.DeployAsync(Key, LabelName.Production, 1, "Launch", null, "alice");
        Assert.True(deployed.IsSuccess, deployed.Error?.Message);
    }

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var shot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        var artifact = Path.Combine(AppContext.BaseDirectory, "screenshot-console.png");
        await File.WriteAllBytesAsync(artifact, shot);

        if (Environment.GetEnvironmentVariable(UpdateScreenshotVariable) == "1")
        {
            var root = RepositoryRoot();
            Directory.CreateDirectory(Path.Combine(root, "docs"));
            await File.WriteAllBytesAsync(Path.Combine(root, "docs", "screenshot-console.png"), shot);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PromptConsole.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("PromptConsole.sln not found above " + AppContext.BaseDirectory);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
