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
        await Tab(page, "Editor").ClickAsync();
        var editor = Field(page, "template-editor");
        await Expect(editor).ToHaveValueAsync(new Regex("Order \\{\\{order_id\\}\\}"));
        await editor.FillAsync("Hi {{customer}},\nyour order {{order_id}} has shipped and arrives {{eta}}.\nThanks for your patience!");
        await Expect(page.GetByTestId("live-review")).ToContainTextAsync("Line 2, column 51: Variable 'eta' is used but not declared.");
        await page.GetByTestId("declare-used").ClickAsync();
        await Expect(page.GetByTestId("live-review")).ToBeHiddenAsync();
        await Field(page, "sample-customer").FillAsync("Ada");
        await Field(page, "sample-order_id").FillAsync("A-1042");
        await Field(page, "sample-eta").FillAsync("tomorrow");
        await Expect(page.GetByTestId("preview-user")).ToContainTextAsync("your order A-1042 has shipped and arrives tomorrow.");
        await Field(page, "version-note").FillAsync("Mention the delivery estimate");
        await page.GetByTestId("save-version").ClickAsync();
        await Expect(page.GetByTestId("editor-status")).ToContainTextAsync("Saved as version 2.");

        // Labels: production serves v1; deploy v2 to it.
        await Tab(page, "Labels").ClickAsync();
        var production = page.GetByTestId("label-version-production");
        await Expect(production).ToHaveTextAsync("v1");
        await Field(page, "deploy-label").FillAsync("production");
        await PickAsync(page, "deploy-version", "v2");
        await page.GetByTestId("deploy-button").ClickAsync();
        await Field(page, "deploy-reason").FillAsync("Ship the delivery estimate");
        await page.GetByTestId("confirm-deploy").ClickAsync();
        await Expect(production).ToHaveTextAsync("v2");

        // One-click rollback with a reason: production is back on v1.
        await page.GetByTestId("rollback-production").ClickAsync();
        await Field(page, "rollback-reason").FillAsync("Customers report wrong dates");
        await page.GetByTestId("confirm-rollback").ClickAsync();
        await Expect(production).ToHaveTextAsync("v1");
        await Expect(page.GetByTestId("labels-status")).ToContainTextAsync("production rolled back to version 1.");
        await Expect(page.GetByTestId("label-history-production")).ToContainTextAsync("rollback: v2 → v1");
        await Expect(page.GetByTestId("label-history-production")).ToContainTextAsync("Customers report wrong dates");

        // The registry agrees, and the audit trail has the reason.
        var stored = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAsync(Key);
        Assert.Equal(1, stored.Value.FindLabel(LabelName.Production)!.VersionNumber);
        Assert.Equal(2, stored.Value.LatestVersion!.Number);
        await Tab(page, "Audit").ClickAsync();
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("Customers report wrong dates");

        // Try it runs production (v1 again) through the real pipeline on the simulator.
        await Tab(page, "Try it").ClickAsync();
        await Field(page, "try-customer").FillAsync("Ada");
        await Field(page, "try-order_id").FillAsync("A-1042");
        await page.GetByTestId("run-prompt").ClickAsync();
        await Expect(page.GetByTestId("try-result")).ToContainTextAsync("label production → v1");
        await Expect(page.GetByTestId("simulated-badge")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("try-output")).Not.ToBeEmptyAsync();

        await Tab(page, "Labels").ClickAsync();
        await page.Mouse.MoveAsync(0, 0);
        await SaveScreenshotAsync(page);

        // The same page on the dark theme and at a 1280-px laptop width, for a look.
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(page.Locator(".pc-shell")).ToHaveAttributeAsync("data-theme", new Regex("dark|light"));
        await SaveArtifactAsync(page, "screenshot-console-toggled-theme.png");
        await Tab(page, "Editor").ClickAsync();
        await Expect(page.GetByTestId("editor-tab")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("labels-tab")).ToBeHiddenAsync();
        await SaveArtifactAsync(page, "screenshot-editor-toggled-theme.png");
    }

    /// <summary>
    /// On a 390-px phone the labels tab fits the screen (no sideways page scroll) and rollback works:
    /// the button is reachable, the reason dialog takes the reason, and the label moves back.
    /// </summary>
    [Fact]
    public async Task Roll_back_on_a_phone()
    {
        const string key = "refund-reply";
        await SeedAsync(key, deployV2: true);
        var page = await app.OpenAsync($"prompts/{key}", new ViewportSize { Width = 390, Height = 844 });
        try
        {
            await Tab(page, "Labels").ClickAsync();
            var production = page.GetByTestId("label-version-production");
            await Expect(production).ToHaveTextAsync("v2");
            await AssertNoSidewaysScrollAsync(page);

            var rollback = page.GetByTestId("rollback-production");
            await rollback.ScrollIntoViewIfNeededAsync();
            var box = await rollback.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"The Roll back button lies outside the screen: x={box.X}, width={box.Width}.");
            await rollback.ClickAsync();
            await Field(page, "rollback-reason").FillAsync("Refund amounts wrong on v2");
            await AssertNoSidewaysScrollAsync(page);
            await SaveArtifactAsync(page, "screenshot-labels-phone-dialog.png");
            await page.GetByTestId("confirm-rollback").ClickAsync();

            await Expect(production).ToHaveTextAsync("v1");
            await Expect(page.GetByTestId("label-history-production")).ToContainTextAsync("Refund amounts wrong on v2");
            await AssertNoSidewaysScrollAsync(page);
            await SaveArtifactAsync(page, "screenshot-labels-phone.png");
            var stored = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAsync(key);
            Assert.Equal(1, stored.Value.FindLabel(LabelName.Production)!.VersionNumber);
        }
        catch
        {
            await SaveArtifactAsync(page, "failure-phone.png");
            throw;
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= innerWidth, $"The page scrolls sideways: scrollWidth {scrollWidth} > innerWidth {innerWidth}.");
    }

    /// <summary>A MudBlazor tab by its title.</summary>
    private static ILocator Tab(IPage page, string title) =>
        page.Locator(".mud-tabs .mud-tab").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(title)}\\s*$") });

    /// <summary>The input or text area behind a test id (MudBlazor puts the id on the input or on its wrapper).</summary>
    private static ILocator Field(IPage page, string testId) =>
        page.Locator($":is(input, textarea)[data-testid='{testId}'], [data-testid='{testId}'] :is(input, textarea)").First;

    /// <summary>Opens a MudSelect and clicks one of its options in the popover.</summary>
    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid='{testId}']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    private static async Task SaveArtifactAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, name), FullPage = true });

    private Task SeedAsync() => SeedAsync(Key, deployV2: false);

    private async Task SeedAsync(string key, bool deployV2)
    {
        var registry = app.Factory.Services.GetRequiredService<IPromptRegistry>();
        var model = app.Factory.Services.GetRequiredService<PromptConsole.Web.Infrastructure.Providers.IModelCatalog>().Models[0].Model;
        var created = await registry.CreateAsync(
            new CreatePromptCommand(
                key,
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
        var deployed = await registry.DeployAsync(key, LabelName.Production, 1, "Launch", null, "alice");
        Assert.True(deployed.IsSuccess, deployed.Error?.Message);
        if (!deployV2)
            return;
        var first = created.Value.LatestVersion!;
        var second = await registry.AddVersionAsync(
            key, new VersionDraft(first.Template + "\nSee you soon.", first.Model, first.Variables, SystemText: first.SystemText, Note: "Second version"), null, "alice");
        Assert.True(second.IsSuccess, second.Error?.Message);
        var moved = await registry.DeployAsync(key, LabelName.Production, 2, "Ship v2", null, "alice");
        Assert.True(moved.IsSuccess, moved.Error?.Message);
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
