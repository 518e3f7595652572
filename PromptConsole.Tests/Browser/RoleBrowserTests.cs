using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.TestSupport;
using PromptConsole.Web.Services;
using static Microsoft.Playwright.Assertions;

namespace PromptConsole.Tests.Browser;

/// <summary>
/// Roles in a real browser: a Viewer signed in on the labels tab sees the labels and their history but no deploy
/// form and no rollback; an Admin on the same tab rolls production back and sees the label move.
/// </summary>
public sealed class RoleBrowserTests(ConsoleBrowser app) : IClassFixture<ConsoleBrowser>
{
    private const string Key = "role-reply";
    private const string ViewerEmail = "viewer@example.test";
    private const string ViewerPassword = "viewer-password-for-tests";

    [Fact]
    public async Task A_viewer_cannot_deploy_or_roll_back_and_an_admin_rolls_production_back()
    {
        await SeedAsync();
        using (var api = app.CreateApiClient())
        {
            var created = await api.PostJsonAsync("/api/v1/users", new { email = ViewerEmail, password = ViewerPassword, role = "Viewer" });
            Assert.True(created.Status == HttpStatusCode.Created, $"Creating the viewer failed: {created.Status} {created.Body}");
        }

        var viewer = await app.OpenAsync($"prompts/{Key}", signIn: (ViewerEmail, ViewerPassword));
        try
        {
            await Tab(viewer, "Labels").ClickAsync();
            await Expect(viewer.GetByTestId("label-version-production")).ToHaveTextAsync("v2");
            await Expect(viewer.GetByTestId("deploy-not-allowed")).ToBeVisibleAsync();
            await Expect(viewer.GetByTestId("rollback-production")).ToHaveCountAsync(0);
            await Expect(viewer.GetByTestId("deploy-button")).ToHaveCountAsync(0);
            await Expect(viewer.GetByTestId("deploy-label")).ToHaveCountAsync(0);
        }
        finally
        {
            await viewer.Context.CloseAsync();
        }

        var admin = await app.OpenAsync($"prompts/{Key}");
        try
        {
            await Tab(admin, "Labels").ClickAsync();
            var production = admin.GetByTestId("label-version-production");
            await Expect(production).ToHaveTextAsync("v2");
            await Expect(admin.GetByTestId("deploy-button")).ToBeVisibleAsync();
            await admin.GetByTestId("rollback-production").ClickAsync();
            await Field(admin, "rollback-reason").FillAsync("Viewers reported wrong totals");
            await admin.GetByTestId("confirm-rollback").ClickAsync();

            await Expect(production).ToHaveTextAsync("v1");
            await Expect(admin.GetByTestId("label-history-production")).ToContainTextAsync("Viewers reported wrong totals");
            var stored = await app.Factory.Services.GetRequiredService<IPromptRegistry>().GetAsync(Key);
            Assert.Equal(1, stored.Value.FindLabel(LabelName.Production)!.VersionNumber);
        }
        finally
        {
            await admin.Context.CloseAsync();
        }
    }

    private static ILocator Tab(IPage page, string title) =>
        page.Locator(".mud-tabs .mud-tab").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(title)}\\s*$") });

    private static ILocator Field(IPage page, string testId) =>
        page.Locator($":is(input, textarea)[data-testid='{testId}'], [data-testid='{testId}'] :is(input, textarea)").First;

    private async Task SeedAsync()
    {
        var registry = app.Factory.Services.GetRequiredService<IPromptRegistry>();
        var model = app.Factory.Services.GetRequiredService<PromptConsole.Web.Infrastructure.Providers.IModelCatalog>().Models[0].Model;
        var created = await registry.CreateAsync(
            new CreatePromptCommand(Key, "Role reply", null, [],
                new VersionDraft("Hi {{customer}}.", new ModelSettings(model, 0.3, 300), [new VariableDeclaration("customer")])),
            "alice");
        Assert.True(created.IsSuccess, created.Error?.Message);
        Assert.True((await registry.DeployAsync(Key, LabelName.Production, 1, "Launch", null, "alice")).IsSuccess);
        var second = await registry.AddVersionAsync(
            Key, new VersionDraft("Hi {{customer}}, thanks.", new ModelSettings(model, 0.3, 300), [new VariableDeclaration("customer")]), null, "alice");
        Assert.True(second.IsSuccess, second.Error?.Message);
        Assert.True((await registry.DeployAsync(Key, LabelName.Production, 2, "Ship v2", null, "alice")).IsSuccess);
    }
}
