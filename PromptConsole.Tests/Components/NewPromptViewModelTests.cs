using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;

namespace PromptConsole.Tests.Components;

public class NewPromptViewModelTests
{
    [Fact]
    public async Task Creates_the_prompt_with_a_first_version_declaring_the_variables_it_uses()
    {
        var registry = new InMemoryPromptRegistry();
        var form = new NewPromptViewModel(registry, new FakeModelCatalog(), new FixedUser("alice"))
        {
            Key = "translate",
            Name = "Translate",
            Description = "Translates text",
            Tags = "i18n, text i18n",
            Template = "Translate to {{language}}:\n{{text}}",
        };

        Assert.Equal(["language", "text"], form.InferredVariables);
        var key = await form.CreateAsync();

        Assert.Equal("translate", key);
        var prompt = await registry.PromptAsync("translate");
        Assert.Equal(["i18n", "text"], prompt.Tags);
        var first = Assert.Single(prompt.Versions);
        Assert.Equal("sim-small", first.Model.Model);
        Assert.Equal(["language", "text"], first.Variables.Select(v => v.Name));
        Assert.Equal("alice", first.Author);
    }

    [Fact]
    public async Task Shows_the_registry_field_errors_next_to_their_inputs()
    {
        var registry = new InMemoryPromptRegistry();
        var form = new NewPromptViewModel(registry, new FakeModelCatalog(), new FixedUser("alice"))
        {
            Key = "Not A Key",
            Name = "",
        };

        Assert.Null(await form.CreateAsync());

        Assert.Equal("The prompt is not valid.", form.Error!.Message);
        Assert.Single(form.Error.For("key"));
        Assert.StartsWith("'Not A Key' is not a valid key", form.Error.For("key")[0], StringComparison.Ordinal);
        Assert.Single(form.Error.For("name"));
        Assert.Empty(await registry.ListAsync(null));
    }

    [Fact]
    public async Task A_broken_first_template_is_reported_under_the_template_input()
    {
        var registry = new InMemoryPromptRegistry();
        var form = new NewPromptViewModel(registry, new FakeModelCatalog(), new FixedUser("alice"))
        {
            Key = "broken",
            Name = "Broken",
            Template = "Hello {{#if name}}",
        };

        Assert.Null(await form.CreateAsync());

        Assert.Contains("Line 1, column 7: '{{#if}}' is never closed with '{{/if}}'.", form.Error!.For("template"));
    }
}
