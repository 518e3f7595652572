using Bunit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Routing;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components.Rendering;

public class TryItTabTests : PromptPageTest
{
    private static ExecutionResult Result(ExecuteCommand command, bool simulated) => new(
        Guid.NewGuid(), "Hi Ada, welcome!", command.PromptKey, 1, new RouteDecision(RouteKind.Label, "production", null, 1), CacheLevel.Miss,
        simulated ? "sim-small" : "gpt-test", simulated, 2, ["sim-large", "sim-small"], new ExecutionUsage(12, 3), 0.0000105m, 4.2, null);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_shows_the_output_route_attempts_tokens_cost_latency_and_the_simulated_badge_only_when_simulated(bool simulated)
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        await Registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        Executor.Answer = command => Result(command, simulated);
        var tab = await RenderTabAsync<TryItTab>("greeting");

        InputByTestId(tab, "try-name").Input("Ada");
        ByTestId(tab, "run-prompt").Click();

        tab.WaitForAssertion(() => Assert.Equal("Hi Ada, welcome!", ByTestId(tab, "try-output").TextContent));
        Assert.Equal(VariableValue.FromString("Ada"), Assert.Single(Executor.Commands).Variables["name"]);
        Assert.Contains("label production → v1", ByTestId(tab, "try-route").TextContent, StringComparison.Ordinal);
        Assert.Contains("2 (sim-large → sim-small)", ByTestId(tab, "try-attempts").TextContent, StringComparison.Ordinal);
        Assert.Contains("12 in · 3 out", ByTestId(tab, "try-tokens").TextContent, StringComparison.Ordinal);
        Assert.Contains("$", ByTestId(tab, "try-cost").TextContent, StringComparison.Ordinal);
        Assert.Contains("4.2", ByTestId(tab, "try-latency").TextContent, StringComparison.Ordinal);
        Assert.Equal(simulated, tab.FindAll("[data-testid=simulated-badge]").Count == 1);
    }

    [Fact]
    public async Task A_refused_run_shows_the_problem_message_and_its_fields()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync();
        Executor.Answer = _ => Error.Validation("invalid-variables", "The variables are not valid.", [new FieldError("variables.name", "'name' is required.")]);
        var tab = await RenderTabAsync<TryItTab>("greeting");

        ByTestId(tab, "run-prompt").Click();

        tab.WaitForAssertion(() => Assert.Contains("The variables are not valid.", ByTestId(tab, "try-error").TextContent, StringComparison.Ordinal));
        Assert.Contains("'name' is required.", ByTestId(tab, "try-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(tab.FindAll("[data-testid=try-result]"));
    }
}
