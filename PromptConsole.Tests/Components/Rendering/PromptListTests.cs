using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class PromptListTests : PromptPageTest
{
    private async Task SeedAsync()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Registry.DeployAsync("greeting", "production", 2, null, null, "alice");
        await Registry.DeployAsync("greeting", "staging", 1, null, null, "alice");
        await Registry.CreateAsync(new CreatePromptCommand("order-status", "Order status reply", null, ["support"], Draft("Order {{id}}", new VariableDeclaration("id"))), "alice");
    }

    [Fact]
    public async Task Lists_each_prompt_with_its_link_tags_versions_and_labels()
    {
        await SeedAsync();
        var list = Render<PromptList>();

        list.WaitForAssertion(() => Assert.NotNull(list.Find("[data-testid=prompt-link-greeting]")));
        Assert.Equal("prompts/greeting", ByTestId(list, "prompt-link-greeting").GetAttribute("href"));
        Assert.Contains("production → v2", ByTestId(list, "prompt-label-greeting-production").TextContent, StringComparison.Ordinal);
        Assert.Contains("staging → v1", ByTestId(list, "prompt-label-greeting-staging").TextContent, StringComparison.Ordinal);
        var table = ByTestId(list, "prompt-table").TextContent;
        Assert.Contains("Order status reply", table, StringComparison.Ordinal);
        Assert.Contains("support", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_asks_the_registry_and_says_how_many_matched()
    {
        await SeedAsync();
        var list = Render<PromptList>();

        InputByTestId(list, "prompt-search").Change("support");

        list.WaitForAssertion(() => Assert.Contains("1 match for “support”", ByTestId(list, "prompt-search-summary").TextContent, StringComparison.Ordinal));
        Assert.Equal("support", Registry.Searches[^1]);
        Assert.Empty(list.FindAll("[data-testid=prompt-link-greeting]"));
        Assert.NotNull(list.Find("[data-testid=prompt-link-order-status]"));

        InputByTestId(list, "prompt-search").Change("nothing-like-this");
        list.WaitForAssertion(() => Assert.Contains("No prompt matches this search.", ByTestId(list, "prompt-table-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_registry_invites_to_create_a_prompt()
    {
        var list = Render<PromptList>();

        list.WaitForAssertion(() => Assert.Contains("No prompts yet", ByTestId(list, "prompt-table-empty").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void New_prompt_opens_the_dialog_and_goes_to_the_created_prompt()
    {
        var dialogs = RenderDialogs();
        var list = Render<PromptList>();

        ByTestId(list, "new-prompt").Click();
        dialogs.WaitForElement("[data-testid=new-prompt-dialog]");
        InputByTestId(dialogs, "new-prompt-key").Change("welcome");
        InputByTestId(dialogs, "new-prompt-name").Change("Welcome");
        ByTestId(dialogs, "create-prompt").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        list.WaitForAssertion(() => Assert.EndsWith("/prompts/welcome", navigation.Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void Cancelling_the_new_prompt_dialog_stays_on_the_list()
    {
        var dialogs = RenderDialogs();
        var list = Render<PromptList>();
        var navigation = Services.GetRequiredService<NavigationManager>();
        var before = navigation.Uri;

        ByTestId(list, "new-prompt").Click();
        dialogs.WaitForElement("[data-testid=cancel-dialog]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=new-prompt-dialog]")));
        Assert.Equal(before, navigation.Uri);
    }
}
