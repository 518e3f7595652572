using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components;

public class TryItViewModelTests
{
    [Fact]
    public async Task Asks_for_the_variables_of_the_version_the_label_routes_to()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        await registry.AddVersionAsync("greeting",
            PromptFixtures.Draft("Hello {{name}} from {{city}}", new VariableDeclaration("name"), new VariableDeclaration("city")), null, "alice");
        await registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        await registry.DeployAsync("greeting", "staging", 2, null, null, "alice");
        var tryIt = new TryItViewModel(new FakePromptExecutor(), new FixedUser("ana"));

        tryIt.Load(await registry.PromptAsync("greeting"));

        Assert.Equal(1, tryIt.RoutedVersion!.Number);
        tryIt.Label = "staging";
        Assert.Equal(2, tryIt.RoutedVersion!.Number);
        tryIt.Label = null;
        tryIt.Version = 2;
        Assert.Equal(2, tryIt.RoutedVersion!.Number);
    }

    [Fact]
    public async Task Runs_through_the_executor_and_keeps_the_result()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        await registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        var executor = new FakePromptExecutor
        {
            Answer = command => new ExecutionResult(
                Guid.NewGuid(), "Hi Ada", command.PromptKey, 1, new RouteDecision(RouteKind.Label, "production", null, 1), CacheLevel.Miss,
                "sim-small", true, 1, ["sim-small"], new ExecutionUsage(12, 3), 0.0000105m, 4.2, null),
        };
        var tryIt = new TryItViewModel(executor, new FixedUser("ana")) { Subject = " user-7 " };
        tryIt.Load(await registry.PromptAsync("greeting"));
        tryIt.Values["name"] = "Ada";

        await tryIt.RunAsync();

        var command = Assert.Single(executor.Commands);
        Assert.Equal("greeting", command.PromptKey);
        Assert.Equal(VariableValue.FromString("Ada"), command.Variables["name"]);
        Assert.Equal("user-7", command.Subject);
        Assert.Null(command.Label);
        Assert.Null(command.Version);
        Assert.Equal("Hi Ada", tryIt.Result!.Output);
        Assert.True(tryIt.Result.Simulated);
        Assert.Null(tryIt.Error);
    }

    [Fact]
    public async Task Shows_the_executor_error_and_its_field_messages()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync();
        var executor = new FakePromptExecutor
        {
            Answer = _ => Error.Validation("invalid-variables", "Some variables are missing or have the wrong type.",
                [new FieldError("variables.name", "Required variable 'name' (a string) is missing.")]),
        };
        var tryIt = new TryItViewModel(executor, new FixedUser("ana"));
        tryIt.Load(await registry.PromptAsync("greeting"));

        await tryIt.RunAsync();

        Assert.Empty(executor.Commands[0].Variables);
        Assert.Null(tryIt.Result);
        Assert.Equal("Some variables are missing or have the wrong type.", tryIt.Error!.Message);
        Assert.Equal(["Required variable 'name' (a string) is missing."], tryIt.Error.Fields.Select(f => f.Text));
    }
}
