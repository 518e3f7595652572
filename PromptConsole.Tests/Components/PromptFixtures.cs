using PromptConsole.Domain.Prompts;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components;

/// <summary>Prompts set up through the registry, the way the console would find them.</summary>
internal static class PromptFixtures
{
    public static VersionDraft Draft(string template, params VariableDeclaration[] variables) =>
        new(template, new ModelSettings("sim-small"), variables);

    public static async Task<InMemoryPromptRegistry> RegistryWithGreetingAsync(int versions = 1)
    {
        var registry = new InMemoryPromptRegistry();
        await registry.CreateAsync(
            new CreatePromptCommand("greeting", "Greeting", "Says hello", ["demo"], Draft("Hello {{name}}!", new VariableDeclaration("name"))),
            "alice");
        for (var n = 2; n <= versions; n++)
            await registry.AddVersionAsync("greeting", Draft($"Hello {{{{name}}}}, take {n}!", new VariableDeclaration("name")), null, "alice");
        return registry;
    }

    public static async Task<Prompt> PromptAsync(this InMemoryPromptRegistry registry, string key) => (await registry.GetAsync(key)).Value;
}
