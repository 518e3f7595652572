using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Components.Pages.Experiments;
using PromptConsole.Web.Model.Experiments;

namespace PromptConsole.Tests.Components.Rendering;

public class ExperimentWizardTests : PromptPageTest
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly FakePlanningData _planning = new() { ExecutionsPerDay = 2_000 };
    private readonly FakeExperimentBackend _backend = new();

    public ExperimentWizardTests()
    {
        _planning.Baselines[ExperimentMetric.SuccessRate] = new MetricBaseline(0.9, null, 10_000);
        Services.AddSingleton<IExperimentPlanningData>(_planning);
        Services.AddSingleton<IExperimentWizardBackend>(_backend);
        Services.AddSingleton<TimeProvider>(new Persistence.ManualClock(Now));
        Services.AddTransient<ExperimentWizardViewModel>();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private async Task<IRenderedComponent<ExperimentWizard>> OpenAsync(string address = "experiments/new?prompt=greeting")
    {
        Registry = await PromptFixtures.RegistryWithGreetingAsync(versions: 3);
        Navigation.NavigateTo(address);
        return Render<ExperimentWizard>();
    }

    private static void AssertStep(IRenderedComponent<ExperimentWizard> page, WizardStep step) =>
        page.WaitForAssertion(() => Assert.Equal(
            step.ToString().ToLowerInvariant(),
            page.Find("[data-testid=experiment-wizard]").GetAttribute("data-step")));

    private static void Next(IRenderedComponent<ExperimentWizard> page, WizardStep expected)
    {
        ByTestId(page, "wizard-next").Click();
        AssertStep(page, expected);
    }

    private static void FillPromptStep(IRenderedComponent<ExperimentWizard> page)
    {
        InputByTestId(page, "wizard-key").Change("greeting-shorter");
        InputByTestId(page, "wizard-hypothesis").Change("The shorter greeting is answered as reliably.");
    }

    private static void WalkToReview(IRenderedComponent<ExperimentWizard> page)
    {
        FillPromptStep(page);
        Next(page, WizardStep.Arms);
        Next(page, WizardStep.Audience);
        Next(page, WizardStep.Metrics);
        Next(page, WizardStep.SampleSize);
        Next(page, WizardStep.Review);
    }

    [Fact]
    public async Task Next_stays_on_the_prompt_step_and_shows_the_messages_under_their_fields()
    {
        var page = await OpenAsync();
        page.WaitForElement("[data-testid=wizard-key]");

        ByTestId(page, "wizard-next").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".pc-field-error[data-field=key]")));
        Assert.NotEmpty(page.FindAll(".pc-field-error[data-field=hypothesis]"));
        Assert.Equal(ExperimentWizardViewModel.StepBlockedMessage, ByTestId(page, "wizard-step-message").TextContent.Trim());
        AssertStep(page, WizardStep.Prompt);
    }

    [Fact]
    public async Task A_new_user_walks_every_step_and_launch_opens_the_experiment()
    {
        var page = await OpenAsync();
        page.WaitForElement("[data-testid=wizard-key]");
        FillPromptStep(page);

        Next(page, WizardStep.Arms);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid^=arm-name-]").Count));
        Assert.NotEmpty(page.FindAll("[data-testid=arm-diff] tr[data-kind=added]"));
        ByTestId(page, "arm-add").Click();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid^=arm-name-]").Count));
        Assert.Equal("34 %", ByTestId(page, "arm-share-0").TextContent.Trim());

        Next(page, WizardStep.Audience);
        ByTestId(page, "condition-add").Click();
        page.WaitForElement("[data-testid=condition-attribute-0]");
        InputByTestId(page, "condition-attribute-0").Change("country");
        InputByTestId(page, "condition-value-0").Change("de");

        Next(page, WizardStep.Metrics);
        Next(page, WizardStep.SampleSize);
        page.WaitForAssertion(() => Assert.Contains("about ", ByTestId(page, "duration").TextContent, StringComparison.Ordinal));

        Next(page, WizardStep.Review);
        var summary = ByTestId(page, "review-summary").TextContent;
        Assert.Contains("greeting-shorter", summary, StringComparison.Ordinal);
        Assert.Contains("country equals de", summary, StringComparison.Ordinal);

        ByTestId(page, "launch").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/experiments/greeting-shorter", Navigation.Uri, StringComparison.Ordinal));
        var (draft, startNow, actor) = Assert.Single(_backend.Calls);
        Assert.True(startNow);
        Assert.Equal("oncall", actor);
        Assert.Equal(3, draft.Arms!.Count);
        Assert.Equal("country", Assert.Single(draft.Targeting!)!.Attribute);
    }

    [Fact]
    public async Task Save_as_draft_creates_without_starting()
    {
        var page = await OpenAsync();
        page.WaitForElement("[data-testid=wizard-key]");
        WalkToReview(page);

        ByTestId(page, "save-draft").Click();

        page.WaitForAssertion(() => Assert.False(Assert.Single(_backend.Calls).StartNow));
    }

    [Fact]
    public async Task A_conflict_from_the_service_stays_on_the_review_with_its_message()
    {
        _backend.Answer = Error.Conflict("experiment-exists", "An experiment 'greeting-shorter' already exists.");
        var page = await OpenAsync();
        page.WaitForElement("[data-testid=wizard-key]");
        WalkToReview(page);

        ByTestId(page, "launch").Click();

        page.WaitForAssertion(() => Assert.Contains("already exists", ByTestId(page, "launch-error").TextContent, StringComparison.Ordinal));
        Assert.EndsWith("/experiments/new?prompt=greeting", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_error_from_the_service_links_back_to_its_step_and_shows_under_its_field()
    {
        const string Message = "Another running experiment has the same prompt and audience.";
        _backend.Answer = Error.Validation("invalid-experiment", "The experiment is not valid.", [new FieldError("targeting", Message)]);
        var page = await OpenAsync();
        page.WaitForElement("[data-testid=wizard-key]");
        WalkToReview(page);

        ByTestId(page, "launch").Click();
        page.WaitForElement("[data-testid=review-goto-audience]").Click();

        AssertStep(page, WizardStep.Audience);
        page.WaitForAssertion(() => Assert.Equal(Message, page.Find(".pc-field-error[data-field=targeting]").TextContent.Trim()));
    }

    [Fact]
    public async Task Without_traffic_the_sample_size_step_says_so()
    {
        _planning.ExecutionsPerDay = 0;
        var page = await OpenAsync();
        page.WaitForElement("[data-testid=wizard-key]");
        FillPromptStep(page);
        Next(page, WizardStep.Arms);
        Next(page, WizardStep.Audience);
        Next(page, WizardStep.Metrics);
        Next(page, WizardStep.SampleSize);

        page.WaitForAssertion(() => Assert.Contains(SampleSizePlan.NoTraffic, ByTestId(page, "duration").TextContent, StringComparison.Ordinal));
        Assert.Contains("No executions", ByTestId(page, "eligible-per-day").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_prompt_list_offers_only_prompts_with_two_versions()
    {
        var page = await OpenAsync("experiments/new");

        page.WaitForElement("[data-testid=wizard-prompt]");
        Assert.Empty(page.FindAll("[data-testid=wizard-no-prompts]"));
        ByTestId(page, "wizard-next").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".pc-field-error[data-field=prompt]")));
    }
}
