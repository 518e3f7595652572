using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Statistics;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Tests.Components.Fakes;
using PromptConsole.Web.Model.Experiments;
using PromptConsole.Web.Services;

namespace PromptConsole.Tests.Components;

public class ExperimentWizardViewModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly FakePlanningData _planning = new();
    private readonly FakeExperimentBackend _backend = new();

    private async Task<(ExperimentWizardViewModel Wizard, InMemoryPromptRegistry Registry)> WizardAsync(int versions = 3, string? prompt = "greeting")
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(versions);
        await registry.CreateAsync(new CreatePromptCommand("single", "Single", null, null, PromptFixtures.Draft("One version only")), "alice");
        var wizard = new ExperimentWizardViewModel(registry, _planning, _backend, new FixedUser("alice"), new Persistence.ManualClock(Now));
        await wizard.LoadAsync(prompt);
        return (wizard, registry);
    }

    /// <summary>Fills every step validly for the greeting prompt and stands on the review.</summary>
    private static async Task FillAndReviewAsync(ExperimentWizardViewModel wizard)
    {
        wizard.Key = "greeting-shorter";
        wizard.Hypothesis = "The shorter greeting is answered as reliably.";
        while (wizard.Step != WizardStep.Review)
            Assert.True(await wizard.NextAsync(), $"Step {wizard.Step} refused: {string.Join("; ", wizard.Errors?.Fields.Select(f => f.Text) ?? [])}");
    }

    /// <summary>The validator's own message for a field of the wizard's current body: what the API would answer.</summary>
    private static string ValidatorMessage(ExperimentWizardViewModel wizard, string field)
    {
        var result = ExperimentValidator.Validate(wizard.BuildDraft(), wizard.Prompt!.Versions.Select(v => v.Number).ToHashSet(), Now);
        return Assert.Single(result.Error!.FieldErrors, f => f.Field == field).Message;
    }

    [Fact]
    public async Task Offers_only_prompts_with_two_versions_and_preselects_the_one_in_the_address()
    {
        var (wizard, _) = await WizardAsync(versions: 3);

        Assert.Equal(["greeting"], wizard.PromptChoices.Select(p => p.Key));
        Assert.Equal("greeting", wizard.PromptKey);
        Assert.Equal([3, 2, 1], wizard.Versions);
        Assert.Equal([("control", 2), ("treatment", 3)], wizard.Arms.Select(a => (a.Name, a.Version!.Value)));
        Assert.Equal([50.0, 50.0], wizard.Arms.Select(a => a.Weight));
    }

    [Fact]
    public async Task The_control_defaults_to_the_version_in_production()
    {
        var registry = await PromptFixtures.RegistryWithGreetingAsync(3);
        await registry.DeployAsync("greeting", "production", 1, null, null, "alice");
        var wizard = new ExperimentWizardViewModel(registry, _planning, _backend, new FixedUser("alice"), new Persistence.ManualClock(Now));

        await wizard.LoadAsync("greeting");

        Assert.Equal([1, 3], wizard.Arms.Select(a => a.Version!.Value));
    }

    [Fact]
    public async Task A_prompt_with_one_version_is_not_preselected()
    {
        var (wizard, _) = await WizardAsync(prompt: "single");

        Assert.Null(wizard.Prompt);
        Assert.Empty(wizard.Arms);
        Assert.Equal("'single' has only one version: add a version to compare with it first.", wizard.PromptNotice);

        var (unknown, _) = await WizardAsync(prompt: "missing");
        Assert.Equal("There is no prompt 'missing'.", unknown.PromptNotice);
    }

    [Fact]
    public async Task The_prompt_step_blocks_next_with_the_validators_messages_under_key_and_hypothesis()
    {
        var (wizard, _) = await WizardAsync();
        wizard.Key = "Not A Key";

        Assert.False(await wizard.NextAsync());

        Assert.Equal(WizardStep.Prompt, wizard.Step);
        Assert.Equal(ExperimentWizardViewModel.StepBlockedMessage, wizard.StepMessage);
        Assert.Equal([ValidatorMessage(wizard, "key")], wizard.Errors!.For("key"));
        Assert.Equal([ValidatorMessage(wizard, "hypothesis")], wizard.Errors.For("hypothesis"));
        Assert.Equal([WizardStep.Prompt], wizard.StepsWithErrors);
    }

    [Fact]
    public async Task Without_a_prompt_the_first_step_names_the_prompt_field()
    {
        var (wizard, _) = await WizardAsync(prompt: null);
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";

        Assert.False(await wizard.NextAsync());

        Assert.Single(wizard.Errors!.For("prompt"));
        Assert.Empty(wizard.Errors.For("arms"));
    }

    [Fact]
    public async Task Next_moves_on_once_the_step_is_valid_and_ignores_errors_of_later_steps()
    {
        var (wizard, _) = await WizardAsync();
        wizard.Key = "greeting-shorter";
        wizard.Hypothesis = "Shorter is as good.";
        wizard.SubjectAttribute = "not valid!";

        Assert.True(await wizard.NextAsync());

        Assert.Equal(WizardStep.Arms, wizard.Step);
        Assert.Null(wizard.Errors);
        Assert.Null(wizard.StepMessage);
    }

    [Fact]
    public async Task Adding_arms_picks_an_unused_version_and_a_free_name_and_splits_the_weights_evenly()
    {
        var (wizard, _) = await WizardAsync(versions: 3);

        wizard.AddArm();

        Assert.Equal(["control", "treatment", "treatment-2"], wizard.Arms.Select(a => a.Name));
        Assert.Equal(1, wizard.Arms[2].Version);
        Assert.Equal([34.0, 33.0, 33.0], wizard.Arms.Select(a => a.Weight));
        Assert.Equal(0.34, wizard.Share(0), 12);
        Assert.Equal(0.33, wizard.Share(2), 12);
    }

    [Fact]
    public async Task Removing_an_arm_keeps_the_control_and_at_least_two_arms()
    {
        var (wizard, _) = await WizardAsync();
        wizard.AddArm();

        wizard.RemoveArm(0);
        Assert.Equal(3, wizard.Arms.Count);

        wizard.RemoveArm(1);
        Assert.Equal(["control", "treatment-2"], wizard.Arms.Select(a => a.Name));
        Assert.Equal([50.0, 50.0], wizard.Arms.Select(a => a.Weight));

        wizard.RemoveArm(1);
        Assert.Equal(2, wizard.Arms.Count);
    }

    [Fact]
    public async Task No_more_than_the_validators_maximum_of_arms_can_be_added()
    {
        var (wizard, _) = await WizardAsync();
        for (var i = 0; i < 20; i++)
            wizard.AddArm();

        Assert.Equal(ExperimentValidator.MaxArms, wizard.Arms.Count);
        Assert.False(wizard.CanAddArm);
    }

    [Fact]
    public async Task Weights_are_relative_shares_of_their_sum()
    {
        var (wizard, _) = await WizardAsync();
        wizard.Arms[0].Weight = 1;
        wizard.Arms[1].Weight = 3;

        Assert.Equal(0.25, wizard.Share(0), 12);
        Assert.Equal(0.75, wizard.Share(1), 12);
        Assert.Equal([1.0, 3.0], wizard.BuildDraft().Arms!.Select(a => a!.Weight!.Value));
    }

    [Fact]
    public async Task The_arms_step_reports_a_repeated_name_and_zero_weights_at_their_fields()
    {
        var (wizard, _) = await WizardAsync();
        await wizard.GoToAsync(WizardStep.Prompt);
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        Assert.True(await wizard.NextAsync());
        wizard.Arms[1].Name = "control";
        wizard.Arms[0].Weight = 0;
        wizard.Arms[1].Weight = 0;

        Assert.False(await wizard.NextAsync());

        Assert.Equal(WizardStep.Arms, wizard.Step);
        Assert.Equal([ValidatorMessage(wizard, "arms[1].name")], wizard.Errors!.For("arms[1].name"));
        Assert.Equal([ValidatorMessage(wizard, "arms")], wizard.Errors.For("arms"));
    }

    [Fact]
    public async Task The_diff_compares_the_chosen_arms_version_with_the_controls()
    {
        var (wizard, registry) = await WizardAsync(versions: 3);
        var prompt = await registry.PromptAsync("greeting");

        Assert.Equal(2, wizard.Diff.FromVersion);
        Assert.Equal(3, wizard.Diff.ToVersion);
        Assert.Equal(
            Web.Model.TextDiff.Compute(prompt.FindVersion(2)!.Template, prompt.FindVersion(3)!.Template).Lines,
            wizard.Diff.Template!.Lines);

        wizard.Arms[1].Version = 1;
        wizard.RefreshDiff();

        Assert.Equal(1, wizard.Diff.ToVersion);
        Assert.True(wizard.Diff.Template!.HasChanges);
    }

    [Theory]
    [InlineData("in", "", "targeting[0].value")]
    [InlineData("percentage", "2", "targeting[0].value")]
    [InlineData("gt", "many", "targeting[0].value")]
    [InlineData("regex", "([a-z", "targeting[0].value")]
    public async Task The_audience_step_reports_bad_condition_values_with_the_validators_message(string op, string value, string field)
    {
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        await wizard.GoToAsync(WizardStep.Audience);
        Assert.Equal(WizardStep.Audience, wizard.Step);
        wizard.AddCondition();
        wizard.Conditions[0].Attribute = "country";
        wizard.Conditions[0].Operator = op;
        wizard.Conditions[0].Value = value;

        Assert.False(await wizard.NextAsync());

        Assert.Equal([ValidatorMessage(wizard, field)], wizard.Errors!.For(field));
        Assert.Equal([WizardStep.Audience], wizard.StepsWithErrors);
    }

    [Fact]
    public async Task Conditions_coverage_and_subject_reach_the_body_as_the_api_spells_them()
    {
        var (wizard, _) = await WizardAsync();
        wizard.AddCondition();
        wizard.Conditions[0].Attribute = "country";
        wizard.Conditions[0].Operator = TargetingOperatorNames.NameOf(TargetingOperator.In);
        wizard.Conditions[0].Value = "de, at,,ch";
        wizard.AddCondition();
        wizard.Conditions[1].Attribute = "tier";
        wizard.Conditions[1].Operator = "gte";
        wizard.Conditions[1].Value = " 3 ";
        wizard.CoveragePercent = 20;
        wizard.SubjectAttribute = "tenant";

        var draft = wizard.BuildDraft();

        Assert.Equal(0.2, draft.Coverage);
        Assert.Equal("tenant", draft.SubjectAttribute);
        Assert.Equal(["de", "at", "ch"], draft.Targeting![0]!.Value!);
        Assert.Equal("in", draft.Targeting[0]!.Operator);
        Assert.Equal(["3"], draft.Targeting[1]!.Value!);
        wizard.RemoveCondition(0);
        Assert.Equal(["tier"], wizard.BuildDraft().Targeting!.Select(c => c!.Attribute));
    }

    [Fact]
    public async Task A_guardrail_equal_to_the_primary_metric_is_refused_and_choosing_it_as_primary_drops_it()
    {
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        await wizard.GoToAsync(WizardStep.Metrics);
        wizard.Guardrails = ["p95Latency", "successRate"];

        Assert.False(await wizard.NextAsync());
        Assert.Equal([ValidatorMessage(wizard, "guardrails[0]")], wizard.Errors!.For("guardrails[0]"));

        wizard.PrimaryMetric = "p95Latency";
        Assert.Equal(["successRate"], wizard.Guardrails);
        Assert.DoesNotContain("p95Latency", wizard.GuardrailChoices);
        Assert.True(await wizard.NextAsync());
    }

    [Fact]
    public async Task A_minimum_sample_out_of_range_blocks_the_metrics_step()
    {
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        await wizard.GoToAsync(WizardStep.Metrics);
        wizard.MinSamplesPerArm = 0;

        Assert.False(await wizard.NextAsync());

        Assert.Equal([ValidatorMessage(wizard, "minSamplesPerArm")], wizard.Errors!.For("minSamplesPerArm"));
    }

    [Fact]
    public async Task The_sample_size_for_a_rate_is_the_domains_figure_and_the_duration_uses_traffic_coverage_and_weights()
    {
        _planning.ExecutionsPerDay = 1_200;
        _planning.Baselines[ExperimentMetric.SuccessRate] = new MetricBaseline(0.9, null, 5_000);
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        wizard.CoveragePercent = 50;
        wizard.Arms[0].Weight = 30;
        wizard.Arms[1].Weight = 70;

        await wizard.GoToAsync(WizardStep.SampleSize);

        Assert.Equal(WizardStep.SampleSize, wizard.Step);
        Assert.Equal(("greeting", 2, ExperimentMetric.SuccessRate), Assert.Single(_planning.BaselineQueries));
        Assert.Equal(0.9, wizard.Baseline);
        var expected = SampleSize.PerArmForProportions(0.9, 0.05, 0.05, 0.8).Value;
        var plan = wizard.Plan!;
        Assert.Equal(expected, plan.PerArm);
        Assert.Equal(expected, plan.PlannedPerArm);
        var duration = ExperimentDuration.Estimate(expected, [30.0, 70.0], 1_200, 0.5).Value;
        Assert.Equal(duration.Days, plan.Duration!.Days, 12);
        Assert.Equal($"about {(long)Math.Ceiling(duration.Days)} days", plan.DurationText);
    }

    [Fact]
    public async Task A_metric_that_should_drop_is_planned_on_a_drop_and_a_mean_uses_the_standard_deviation()
    {
        _planning.ExecutionsPerDay = 10_000;
        _planning.Baselines[ExperimentMetric.CostPerExecution] = new MetricBaseline(0.002, null, 5_000);
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        wizard.PrimaryMetric = "costPerExecution";
        await wizard.GoToAsync(WizardStep.SampleSize);

        Assert.Null(wizard.StandardDeviation);
        Assert.Equal(
            SampleSize.PerArmForMeans(0.002, double.NaN, -0.05).Error!.FieldErrors.Select(f => f.Message),
            wizard.Plan!.Error!.FieldErrors.Select(f => f.Message));
        Assert.False(await wizard.NextAsync());
        Assert.Single(wizard.Errors!.For("variance"));

        wizard.StandardDeviation = 0.001;
        wizard.MdePercent = 10;

        Assert.Equal(SampleSize.PerArmForMeans(0.002, 0.001 * 0.001, -0.1).Value, wizard.Plan!.PerArm);
        Assert.True(await wizard.NextAsync());
    }

    [Fact]
    public async Task The_minimum_sample_per_arm_raises_the_planned_sample_when_it_is_larger()
    {
        _planning.ExecutionsPerDay = 100;
        _planning.Baselines[ExperimentMetric.SuccessRate] = new MetricBaseline(0.5, null, 5_000);
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        wizard.MdePercent = 50;
        wizard.MinSamplesPerArm = 1_000;

        await wizard.GoToAsync(WizardStep.SampleSize);

        Assert.Equal(SampleSize.PerArmForProportions(0.5, 0.5).Value, wizard.Plan!.PerArm);
        Assert.Equal(1_000, wizard.Plan.PlannedPerArm);
        Assert.Equal(ExperimentDuration.Estimate(1_000, 2, 100).Value.Days, wizard.Plan.Duration!.Days, 12);
    }

    [Fact]
    public async Task Without_traffic_the_duration_says_there_is_not_enough_data_yet_and_does_not_block()
    {
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        await wizard.GoToAsync(WizardStep.SampleSize);

        Assert.Null(wizard.Baseline);
        Assert.Equal(SampleSizePlan.NoBaseline, wizard.Plan!.DurationText);

        wizard.Baseline = 0.8;
        Assert.Equal(SampleSize.PerArmForProportions(0.8, 0.05).Value, wizard.Plan!.PerArm);
        Assert.Equal(SampleSizePlan.NoTraffic, wizard.Plan.DurationText);
        Assert.True(await wizard.NextAsync());
        Assert.Equal(WizardStep.Review, wizard.Step);
    }

    [Fact]
    public async Task Bad_planning_inputs_block_the_sample_size_step_with_the_domains_messages()
    {
        _planning.Baselines[ExperimentMetric.SuccessRate] = new MetricBaseline(0.9, null, 5_000);
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        await wizard.GoToAsync(WizardStep.SampleSize);
        wizard.Alpha = 1.5;
        wizard.Power = 0.2;

        Assert.False(await wizard.NextAsync());

        var expected = SampleSize.PerArmForProportions(0.9, 0.05, 1.5, 0.2).Error!.FieldErrors;
        Assert.Equal(expected.Single(f => f.Field == "alpha").Message, Assert.Single(wizard.Errors!.For("alpha")));
        Assert.Equal(expected.Single(f => f.Field == "power").Message, Assert.Single(wizard.Errors.For("power")));
    }

    [Fact]
    public async Task Going_forward_by_step_header_stops_at_the_first_invalid_step()
    {
        var (wizard, _) = await WizardAsync();
        wizard.Key = "exp";
        wizard.Hypothesis = "Something changes.";
        wizard.SubjectAttribute = "";

        await wizard.GoToAsync(WizardStep.Review);

        Assert.Equal(WizardStep.Audience, wizard.Step);
        Assert.Single(wizard.Errors!.For("subjectAttribute"));

        await wizard.GoToAsync(WizardStep.Prompt);
        Assert.Equal(WizardStep.Prompt, wizard.Step);
    }

    [Fact]
    public async Task The_review_summarises_every_choice()
    {
        _planning.ExecutionsPerDay = 1_000;
        _planning.Baselines[ExperimentMetric.SuccessRate] = new MetricBaseline(0.9, null, 5_000);
        var (wizard, _) = await WizardAsync();
        wizard.AddCondition();
        wizard.Conditions[0].Attribute = "country";
        wizard.Conditions[0].Operator = "in";
        wizard.Conditions[0].Value = "de,at";
        wizard.CoveragePercent = 25;
        wizard.Guardrails = ["p95Latency", "costPerExecution"];

        await FillAndReviewAsync(wizard);
        var summary = wizard.Summary().ToDictionary(l => l.Label, l => l.Value);

        Assert.Equal("greeting-shorter", summary["Key"]);
        Assert.Equal("greeting", summary["Prompt"]);
        Assert.Equal("v2 · 50 % of enrolled traffic", summary["Arm control (control)"]);
        Assert.Equal("v3 · 50 % of enrolled traffic", summary["Arm treatment"]);
        Assert.Equal("country in de, at", summary["Audience"]);
        Assert.Equal("25 % of the audience", summary["Coverage"]);
        Assert.Equal("subject", summary["Subject attribute"]);
        Assert.Equal("successRate", summary["Primary metric"]);
        Assert.Equal("p95Latency, costPerExecution", summary["Guardrails"]);
        Assert.Equal(ExperimentWizardViewModel.DescribePlan(wizard.Plan!), summary["Plan"]);
        Assert.Contains(" executions per arm, about ", summary["Plan"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Launch_sends_the_body_to_the_service_as_the_console_user_and_returns_the_key(bool startNow)
    {
        var (wizard, _) = await WizardAsync();
        wizard.AddArm();
        wizard.CoveragePercent = 40;
        wizard.Guardrails = ["p95Latency"];
        wizard.MinSamplesPerArm = 500;
        await FillAndReviewAsync(wizard);

        var key = await wizard.LaunchAsync(startNow);

        Assert.Equal("greeting-shorter", key);
        var (draft, started, actor) = Assert.Single(_backend.Calls);
        Assert.Equal(startNow, started);
        Assert.Equal("alice", actor);
        Assert.Equal("greeting-shorter", draft.Key);
        Assert.Equal("greeting", draft.Prompt);
        Assert.Equal("The shorter greeting is answered as reliably.", draft.Hypothesis);
        Assert.Equal(
            [new ArmDraft("control", 2, 34), new ArmDraft("treatment", 3, 33), new ArmDraft("treatment-2", 1, 33)],
            draft.Arms!.Select(a => a!));
        Assert.Equal(0.4, draft.Coverage);
        Assert.Empty(draft.Targeting!);
        Assert.Equal("subject", draft.SubjectAttribute);
        Assert.Equal("successRate", draft.PrimaryMetric);
        Assert.Equal(["p95Latency"], draft.Guardrails!);
        Assert.Equal(500, draft.MinSamplesPerArm);
        Assert.Null(draft.EndsAt);
        Assert.True(ExperimentValidator.Validate(draft, new HashSet<int> { 1, 2, 3 }, Now).IsSuccess);
    }

    [Fact]
    public async Task An_invalid_body_is_not_sent_and_its_errors_are_placed_at_their_steps()
    {
        var (wizard, _) = await WizardAsync();
        await FillAndReviewAsync(wizard);
        wizard.Key = "Bad Key";
        wizard.Arms[1].Version = 99;

        Assert.Null(await wizard.LaunchAsync(startNow: true));

        Assert.Empty(_backend.Calls);
        Assert.Equal([WizardStep.Prompt, WizardStep.Arms], wizard.StepsWithErrors.Order());
        Assert.Equal([ValidatorMessage(wizard, "arms[1].version")], wizard.Errors!.For("arms[1].version"));
        Assert.Equal(WizardStep.Review, wizard.Step);
    }

    [Fact]
    public async Task A_refusal_from_the_service_is_shown_with_its_message_and_fields()
    {
        var (wizard, _) = await WizardAsync();
        await FillAndReviewAsync(wizard);
        _backend.Answer = Error.Conflict("experiment-exists", "An experiment 'greeting-shorter' already exists.");

        Assert.Null(await wizard.LaunchAsync(startNow: true));

        Assert.Equal("An experiment 'greeting-shorter' already exists.", wizard.LaunchError!.Message);
        Assert.Null(wizard.Errors);

        _backend.Answer = Error.Validation("invalid-experiment", "The experiment is not valid.", [new FieldError("targeting", "Another running experiment has the same prompt and audience.")]);
        Assert.Null(await wizard.LaunchAsync(startNow: true));

        Assert.Equal(["Another running experiment has the same prompt and audience."], wizard.Errors!.For("targeting"));
        Assert.Equal([WizardStep.Audience], wizard.StepsWithErrors);
        Assert.Equal(2, _backend.Calls.Count);
    }
}
