using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Tests.Domain.Rollouts;

/// <summary>A prompt with versions 1–3, production on v1 and staging on v2.</summary>
public sealed class CanaryValidatorTests
{
    private static readonly IReadOnlySet<int> Versions = new HashSet<int> { 1, 2, 3 };

    private static readonly IReadOnlyDictionary<string, int> Labels = new Dictionary<string, int> { ["production"] = 1, ["staging"] = 2 };

    private static readonly CanaryGate ErrorGate = CanaryGateDefaults.For(GateMetric.ErrorRate);

    private static CanaryDraft Draft(
        int? candidate = 2, string? label = null, int[]? steps = null, double? minutes = null, int? minExecutions = null, CanaryGate[]? gates = null) =>
        new(candidate, label, steps, minutes, minExecutions, gates);

    public static TheoryData<string, CanaryDraft, string> Refusals => new()
    {
        { "no candidate version", Draft(candidate: null), "candidateVersion" },
        { "unknown candidate version", Draft(candidate: 9), "candidateVersion" },
        { "candidate is what the label serves", Draft(candidate: 1), "candidateVersion" },
        { "unknown label", Draft(label: "canary-test"), "label" },
        { "no steps", Draft(steps: []), "steps" },
        { "steps not increasing", Draft(steps: [5, 50, 25]), "steps[2]" },
        { "a repeated step", Draft(steps: [5, 5, 100]), "steps[1]" },
        { "step above 100", Draft(steps: [5, 150]), "steps[1]" },
        { "step of zero", Draft(steps: [0, 50]), "steps[0]" },
        { "first step all traffic", Draft(steps: [100]), "steps[0]" },
        { "zero step minutes", Draft(minutes: 0), "stepMinutes" },
        { "step minutes not a number", Draft(minutes: double.NaN), "stepMinutes" },
        { "step longer than a week", Draft(minutes: 60 * 24 * 8), "stepMinutes" },
        { "no minimum of executions", Draft(minExecutions: 0), "minExecutionsPerStep" },
        { "unknown metric", Draft(gates: [ErrorGate with { Metric = (GateMetric)99 }]), "gates[0].metric" },
        { "a metric gated twice", Draft(gates: [ErrorGate, ErrorGate]), "gates[1].metric" },
        { "a gate without conditions", Draft(gates: [ErrorGate with { SuccessCondition = null, FailureCondition = null }]), "gates[0].successCondition" },
        { "an infinite threshold", Draft(gates: [ErrorGate with { FailureCondition = new GateCondition(GateComparison.GreaterThan, double.PositiveInfinity) }]), "gates[0].failureCondition" },
        { "a negative failure limit", Draft(gates: [ErrorGate with { FailureLimit = -1 }]), "gates[0].failureLimit" },
        { "a negative inconclusive limit", Draft(gates: [ErrorGate with { InconclusiveLimit = -1 }]), "gates[0].inconclusiveLimit" },
        { "a negative error limit", Draft(gates: [ErrorGate with { ConsecutiveErrorLimit = -1 }]), "gates[0].consecutiveErrorLimit" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_naming_the_field(string name, CanaryDraft draft, string field)
    {
        var result = CanaryValidator.Validate(draft, Versions, Labels, null);

        Assert.False(result.IsSuccess, name);
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains(result.Error.FieldErrors, f => f.Field == field);
    }

    [Fact]
    public void Defaults_fill_what_is_left_out()
    {
        var plan = CanaryValidator.Validate(Draft(), Versions, Labels, null).Value;

        Assert.Equal(1, plan.BaselineVersion);
        Assert.Equal("production", plan.Definition.Label);
        Assert.Equal([5, 25, 50, 100], plan.Definition.Steps);
        Assert.Equal(TimeSpan.FromMinutes(10), plan.Definition.StepDuration);
        Assert.Equal(50, plan.Definition.MinExecutionsPerStep);
        Assert.Equal(
            [GateMetric.ErrorRate, GateMetric.CheckFailureRate, GateMetric.P95LatencyRatio, GateMetric.CostPerExecutionRatio],
            plan.Definition.Gates.Select(g => g.Metric));
    }

    [Fact]
    public void A_canary_on_another_label_measures_against_that_label()
    {
        var plan = CanaryValidator.Validate(Draft(candidate: 3, label: "staging", steps: [10, 100], minutes: 1.5, minExecutions: 5, gates: []), Versions, Labels, null).Value;

        Assert.Equal(2, plan.BaselineVersion);
        Assert.Equal(TimeSpan.FromSeconds(90), plan.Definition.StepDuration);
        Assert.Empty(plan.Definition.Gates);
    }

    [Fact]
    public void A_second_live_canary_of_the_prompt_is_a_conflict_on_the_label()
    {
        var result = CanaryValidator.Validate(Draft(candidate: 3, label: "staging"), Versions, Labels, "production");

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Equal("canary-running", result.Error.Code);
        Assert.Equal("label", Assert.Single(result.Error.FieldErrors).Field);
    }

    [Theory]
    [InlineData("< 0.05", GateComparison.LessThan, 0.05)]
    [InlineData("<=0.02", GateComparison.LessThanOrEqual, 0.02)]
    [InlineData("result > 1.5", GateComparison.GreaterThan, 1.5)]
    [InlineData("  result >= -0.2 ", GateComparison.GreaterThanOrEqual, -0.2)]
    public void Conditions_parse_in_Argo_form(string text, GateComparison comparison, double threshold) =>
        Assert.Equal(new GateCondition(comparison, threshold), GateConditions.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("about 3")]
    [InlineData("== 1")]
    [InlineData("< many")]
    [InlineData("result <")]
    public void Other_text_is_not_a_condition(string text) => Assert.Null(GateConditions.Parse(text));
}
