using Bunit;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class AuditTabTests : PromptPageTest
{
    [Fact]
    public async Task Lists_every_change_with_who_and_why()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Registry.DeployAsync("greeting", "production", 1, "first release", null, "alice");
        await Registry.DeployAsync("greeting", "production", 2, "ship it", null, "alice");
        await Registry.RollbackAsync("greeting", "production", "error rate doubled", null, "bob");
        var tab = await RenderTabAsync<AuditTab>("greeting");

        tab.WaitForAssertion(() => Assert.Contains("error rate doubled", ByTestId(tab, "audit-table").TextContent, StringComparison.Ordinal));
        var table = ByTestId(tab, "audit-table").TextContent;
        Assert.Contains("ship it", table, StringComparison.Ordinal);
        Assert.Contains("bob", table, StringComparison.Ordinal);
        Assert.True(tab.FindAll("[data-testid=audit-table] tbody tr").Count >= 4);
    }

    [Fact]
    public async Task A_prompt_without_events_says_so()
    {
        // The in-memory registry records creation; an unknown key has no events at all.
        Registry = new Fakes.InMemoryPromptRegistry();
        await Registry.CreateAsync(new CreatePromptCommand("quiet", "Quiet", null, [], null), "alice");
        var prompt = await Registry.PromptAsync("quiet");
        Registry = new Fakes.InMemoryPromptRegistry();
        var tab = Render<AuditTab>(p => p.Add(t => t.Prompt, prompt));

        tab.WaitForAssertion(() => Assert.Contains("No audit events.", ByTestId(tab, "audit-empty").TextContent, StringComparison.Ordinal));
    }
}
