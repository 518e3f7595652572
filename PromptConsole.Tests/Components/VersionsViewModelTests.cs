using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class VersionsViewModelTests
{
    [Fact]
    public async Task Rows_are_newest_first_with_hash_prefix_and_the_labels_pointing_at_each()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        await registry.DeployAsync("greeting", "staging", 1, null, null, "alice");
        var prompt = await registry.PromptAsync("greeting");
        var versions = new VersionsViewModel(registry, new FixedUser("bob"));

        versions.Load(prompt);

        Assert.Equal([2, 1], versions.Rows.Select(r => r.Number));
        Assert.Equal(["production", "staging"], versions.Rows[1].Labels);
        Assert.Empty(versions.Rows[0].Labels);
        Assert.Equal(prompt.FindVersion(1)!.ContentHash[..12], versions.Rows[1].HashPrefix);
        Assert.Equal(2, versions.Selected!.Number);

        versions.Select(1);
        Assert.Equal("Hello {{name}}!", versions.Selected!.Template);
    }

    [Fact]
    public async Task A_new_version_is_shown_unless_the_operator_chose_one()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var versions = new VersionsViewModel(registry, new FixedUser("bob"));
        versions.Load(await registry.PromptAsync("greeting"));

        await registry.AddVersionAsync("greeting", PromptFixtures.Draft("Hi {{name}}", new VariableDeclaration("name")), null, "alice");
        versions.Load(await registry.PromptAsync("greeting"));
        Assert.Equal(2, versions.Selected!.Number);

        versions.Select(1);
        await registry.AddVersionAsync("greeting", PromptFixtures.Draft("Hey {{name}}", new VariableDeclaration("name")), null, "alice");
        versions.Load(await registry.PromptAsync("greeting"));
        Assert.Equal(1, versions.Selected!.Number);
    }

    [Fact]
    public async Task Deprecating_a_served_version_shows_why_it_was_refused()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await registry.DeployAsync("greeting", "production", 2, null, null, "alice");
        var versions = new VersionsViewModel(registry, new FixedUser("bob"));
        versions.Load(await registry.PromptAsync("greeting"));

        Assert.False(await versions.DeprecateAsync(2, "replaced"));
        Assert.Equal("Version 2 is served by label(s) production; move them first.", versions.Error!.Message);

        Assert.True(await versions.DeprecateAsync(1, "replaced"));
        versions.Load(await registry.PromptAsync("greeting"));
        Assert.True(versions.Rows.Single(r => r.Number == 1).Deprecated);
    }
}
