using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Tests.Components.Rendering;
using PromptConsole.Web.Components.Pages.Prompts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Tests.Components.Rollouts;

/// <summary>The start dialog as an operator opens it: from the Labels tab, with production on v1 and v2 the newest version.</summary>
public class StartCanaryDialogTests : PromptPageTest
{
    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<LabelsTab> Tab)> OpenAsync()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        await Registry.DeployAsync("greeting", "production", 1, "first release", null, "alice");
        var dialogs = RenderDialogs();
        var tab = await RenderTabAsync<LabelsTab>("greeting");
        ByTestId(tab, "start-canary-button").Click();
        dialogs.WaitForElement("[data-testid=start-canary-dialog]");
        return (dialogs, tab);
    }

    private string CurrentUri => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public async Task The_defaults_start_v2_on_production_in_four_steps_and_the_canary_page_opens()
    {
        var (dialogs, _) = await OpenAsync();

        Assert.Equal("v2", InputByTestId(dialogs, "canary-candidate").GetAttribute("value"));
        Assert.Equal("production", InputByTestId(dialogs, "canary-label-input").GetAttribute("value"));
        Assert.Contains("Serves v1 now", dialogs.Find("[data-testid=start-canary-dialog]").TextContent, StringComparison.Ordinal);
        InputByTestId(dialogs, "canary-reason").Input("shorter answers");
        ByTestId(dialogs, "confirm-start-canary").Click();

        dialogs.WaitForAssertion(() => Assert.EndsWith($"/canaries/{CanaryFixtures.Key}", CurrentUri, StringComparison.Ordinal));
        var command = Assert.Single(Canaries.Starts);
        Assert.Equal((2, "production", 10d, 50, "shorter answers"), (command.CandidateVersion, command.Label, command.StepMinutes, command.MinExecutionsPerStep, command.Reason));
        Assert.Equal([5, 25, 50, 100], command.Steps);
        Assert.Equal([GateMetric.ErrorRate, GateMetric.CheckFailureRate, GateMetric.P95LatencyRatio, GateMetric.CostPerExecutionRatio], command.Gates!.Select(g => g.Metric));
        Assert.Null(command.OverrideReason);
    }

    [Fact]
    public async Task The_service_field_errors_show_on_the_fields_they_name()
    {
        Canaries.OnStart = (_, _) => Error.Validation("validation", "The canary was not started.",
        [
            new FieldError("steps[1]", "Steps must increase: 25 follows 50."),
            new FieldError("stepMinutes", "A step lasts at least one minute."),
            new FieldError("gates[0].failureCondition.threshold", "The failure threshold must be above the success threshold."),
            new FieldError("somethingElse", "Unplaced message."),
        ]);
        var (dialogs, _) = await OpenAsync();
        InputByTestId(dialogs, "canary-steps-input").Input("5, 50, 25");

        ByTestId(dialogs, "confirm-start-canary").Click();

        dialogs.WaitForAssertion(() => Assert.Equal("Steps must increase: 25 follows 50.", dialogs.Find(".pc-field-error[data-field=steps]").TextContent));
        Assert.Equal("A step lasts at least one minute.", dialogs.Find(".pc-field-error[data-field=stepMinutes]").TextContent);
        // gates[0] is the first gate sent: the error rate.
        Assert.Equal("The failure threshold must be above the success threshold.", dialogs.Find(".pc-field-error[data-field=gate-ErrorRate]").TextContent);
        var panel = ByTestId(dialogs, "start-canary-error");
        Assert.Contains("The canary was not started.", panel.TextContent, StringComparison.Ordinal);
        Assert.Equal(["somethingElse"], panel.QuerySelectorAll("li").Select(li => li.GetAttribute("data-field") ?? ""));
        Assert.Equal([5, 50, 25], Canaries.Starts[0].Steps);
        Assert.NotEmpty(dialogs.FindAll("[data-testid=start-canary-dialog]"));
    }

    [Fact]
    public async Task Steps_that_are_not_numbers_are_refused_before_asking_the_service()
    {
        var (dialogs, _) = await OpenAsync();
        InputByTestId(dialogs, "canary-steps-input").Input("5, half");

        ByTestId(dialogs, "confirm-start-canary").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("'half' is not a whole percentage", dialogs.Find(".pc-field-error[data-field=steps]").TextContent, StringComparison.Ordinal));
        Assert.Empty(Canaries.Starts);
    }

    [Fact]
    public async Task A_golden_gate_refusal_asks_for_an_override_reason_and_starting_anyway_sends_it()
    {
        Canaries.OnStart = (promptKey, command) => command.OverrideReason is null
            ? new Error(ErrorKind.Conflict, "golden-gate", "v2's last golden run failed: 3 of 20 cases.", [new FieldError("candidateVersion", "v2's last golden run failed: 3 of 20 cases.")])
            : CanaryFixtures.Running(promptKey: promptKey);
        var (dialogs, _) = await OpenAsync();
        Assert.Empty(dialogs.FindAll("[data-testid=canary-override-reason]"));

        ByTestId(dialogs, "confirm-start-canary").Click();

        dialogs.WaitForElement("[data-testid=canary-golden-refusal]");
        Assert.Contains("3 of 20 cases", dialogs.Find(".pc-field-error[data-field=candidateVersion]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Start anyway", ByTestId(dialogs, "confirm-start-canary").TextContent.Trim());
        InputByTestId(dialogs, "canary-override-reason").Input("flaky golden case, checked by hand");
        ByTestId(dialogs, "confirm-start-canary").Click();

        dialogs.WaitForAssertion(() => Assert.EndsWith($"/canaries/{CanaryFixtures.Key}", CurrentUri, StringComparison.Ordinal));
        Assert.Equal([null, "flaky golden case, checked by hand"], Canaries.Starts.Select(s => s.OverrideReason));
    }

    [Fact]
    public async Task Cancel_starts_nothing()
    {
        var (dialogs, _) = await OpenAsync();

        ByTestId(dialogs, "cancel-dialog").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=start-canary-dialog]")));
        Assert.Empty(Canaries.Starts);
    }
}

/// <summary>The prompt page's card of its running canary.</summary>
public class PromptCanaryCardTests : PromptPageTest
{
    public PromptCanaryCardTests()
    {
        // The Metrics tab has its own tests; here it is a placeholder.
        ComponentFactories.AddStub<MetricsTab>();
    }

    [Theory]
    [InlineData("audit", "Audit")]
    [InlineData("Try-it", "Try it")]
    [InlineData("nonsense", "Versions")]
    public async Task A_tab_named_in_the_address_opens_selected(string tab, string shown)
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"prompts/greeting?tab={tab}");

        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "greeting"));

        page.WaitForAssertion(() => Assert.Equal(shown, page.Find(".mud-tab.mud-tab-active").TextContent.Trim()));
    }

    [Fact]
    public async Task The_prompt_page_shows_its_running_canary_with_a_link_and_nothing_once_it_ended()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        Canaries.Add(CanaryFixtures.Running());
        Canaries.Add(CanaryFixtures.Aborted("canary-old", CanaryFixtures.Started.AddMinutes(-30)));
        Canaries.Add(CanaryFixtures.Running("canary-other", promptKey: "summary"));

        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "greeting"));

        var card = page.WaitForElement("[data-testid=prompt-canaries]");
        Assert.Single(card.QuerySelectorAll("[data-testid^=prompt-canary-link-]"));
        var link = ByTestId(page, $"prompt-canary-link-{CanaryFixtures.Key}");
        Assert.Equal($"canaries/{CanaryFixtures.Key}", link.GetAttribute("href"));
        Assert.Contains("production: v1 → v2, step 2/4 · 25 %", link.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_without_a_live_canary_shows_no_card()
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 2);
        Canaries.Add(CanaryFixtures.Aborted(CanaryFixtures.Key, CanaryFixtures.Started.AddMinutes(12)));

        var page = Render<PromptDetail>(p => p.Add(d => d.Key, "greeting"));

        page.WaitForElement("[data-testid=prompt-page]");
        Assert.Empty(page.FindAll("[data-testid=prompt-canaries]"));
    }
}
