using PromptConsole.Domain.Alerts;

namespace PromptConsole.Tests.Domain.Alerts;

/// <summary>Alert rule drafts, case by case: each problem is reported under the body field that causes it.</summary>
public sealed class AlertRuleValidatorTests
{
    private static AlertRuleDraft Draft(
        string? condition = "error-rate-spike", double? threshold = 0.05, string? window = "5m", string? severity = "page", string? actions = "notify",
        bool channel = true, string? escalateAfter = null, bool escalationChannel = false, string? repeatEvery = null, string? prompt = "support-reply",
        string? evaluator = null, bool slo = false, string? name = "errors up", string? label = null) => new(
        name, prompt, condition, threshold, window, severity,
        actions is null ? null : actions.Length == 0 ? [] : actions.Split(',').Select(a => (string?)a.Trim()).ToArray(),
        channel ? [AlertTestData.Channel] : [],
        escalationChannel ? Guid.Parse("0193a3b0-0000-7000-8000-000000000002") : null,
        escalateAfter, repeatEvery, label, evaluator, null, slo ? AlertTestData.Slo : null);

    public static TheoryData<string, object, string> Cases => new()
    {
        { "a complete rule is valid", Draft(escalateAfter: "15m", escalationChannel: true, repeatEvery: "30m"), "" },
        { "defaults: threshold, window, severity and actions may be left out", Draft(threshold: null, window: null, severity: null, actions: null), "" },
        { "an unknown condition", Draft(condition: "error-spike"), "condition" },
        { "a missing condition", Draft(condition: null), "condition" },
        { "a missing name", Draft(name: " "), "name" },
        { "a window that is not a duration", Draft(window: "five minutes"), "window" },
        { "a window in weeks is not a duration", Draft(window: "1w"), "window" },
        { "an unknown severity", Draft(severity: "urgent"), "severity" },
        { "an unknown action names its index", Draft(actions: "notify,page-someone,rollback"), "actions[1]" },
        { "notify without a channel", Draft(channel: false), "channels" },
        { "no actions need no channel", Draft(actions: "", channel: false), "" },
        { "an empty action name", Draft(actions: "notify, "), "actions[1]" },
        { "rollback on a rule for every prompt", Draft(prompt: null, actions: "notify,rollback"), "actions[1]" },
        { "pause-canary on a rule for every prompt", Draft(prompt: null, actions: "pause-canary"), "actions[0]" },
        { "an error rate above 1", Draft(threshold: 5), "threshold" },
        { "an error rate of 0", Draft(threshold: 0), "threshold" },
        { "a success rate of 1", Draft(condition: "success-rate-drop", threshold: 1), "threshold" },
        { "a latency ratio of 1 is no spike", Draft(condition: "latency-vs-baseline", threshold: 1), "threshold" },
        { "a cost ratio above 100", Draft(condition: "cost-spike", threshold: 150), "threshold" },
        { "a cache drop above 1", Draft(condition: "cache-hit-rate-drop", threshold: 1.5), "threshold" },
        { "a quality score above 1", Draft(condition: "quality-drop", threshold: 3), "threshold" },
        { "feedback below 1", Draft(condition: "feedback-drop", threshold: 0.5), "threshold" },
        { "feedback of 5 is valid", Draft(condition: "feedback-drop", threshold: 5), "" },
        { "calibration thresholds are 0.5 or 1", Draft(condition: "calibration-drift", threshold: 0.7), "threshold" },
        { "calibration on one evaluator", Draft(condition: "calibration-drift", threshold: 0.5, evaluator: "llm-judge", window: "7d"), "" },
        { "an evaluator on another condition", Draft(evaluator: "llm-judge"), "evaluator" },
        { "an evaluator that is not a name", Draft(condition: "calibration-drift", threshold: 1, evaluator: "LLM Judge"), "evaluator" },
        { "provider failures are whole", Draft(condition: "provider-failures", threshold: 2.5), "threshold" },
        { "provider failures of 0", Draft(condition: "provider-failures", threshold: 0), "threshold" },
        { "slo-burn needs the SLO", Draft(condition: "slo-burn", threshold: null), "slo" },
        { "slo-burn with its SLO", Draft(condition: "slo-burn", threshold: null, slo: true), "" },
        { "slo-burn with every prompt may roll back (the SLO names the prompt)", Draft(condition: "slo-burn", threshold: null, slo: true, prompt: null, actions: "notify,rollback"), "" },
        { "an SLO on another condition", Draft(slo: true), "slo" },
        { "escalateAfter not a duration", Draft(escalateAfter: "soon", escalationChannel: true), "escalateAfter" },
        { "escalateAfter without an escalation channel", Draft(escalateAfter: "15m"), "escalationChannel" },
        { "an escalation channel without escalateAfter", Draft(escalationChannel: true), "escalateAfter" },
        { "repeatEvery not a duration", Draft(repeatEvery: "often"), "repeatEvery" },
        { "a prompt key that is not one", Draft(prompt: "Support Reply!"), "prompt" },
        { "a label that is not one", Draft(label: "prod uction"), "label" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_each_problem_under_its_field(string rule, object draft, string expectedFields)
    {
        var result = AlertRuleValidator.Validate((AlertRuleDraft)draft);

        var fields = result.IsSuccess ? string.Empty : string.Join(",", result.Error!.FieldErrors.Select(f => f.Field));
        Assert.True(expectedFields == fields, $"{rule}: expected [{expectedFields}], got [{fields}] {result.Error?.FieldErrors.Aggregate(string.Empty, (all, f) => $"{all} {f.Field}: {f.Message};")}");
    }

    [Fact]
    public void Defaults_are_filled_in_and_the_durations_parsed()
    {
        var rule = AlertRuleValidator.Validate(Draft(threshold: null, window: null, severity: null, actions: null, repeatEvery: "30m", escalateAfter: "15m", escalationChannel: true)).Value;

        Assert.Equal((0.05, "5m", TimeSpan.FromMinutes(5)), (rule.Threshold, rule.Window, rule.WindowSpan));
        Assert.Equal(AlertSeverity.Ticket, rule.Severity);
        Assert.Equal([AlertAction.Notify], rule.Actions);
        Assert.Equal("production", rule.Label);
        Assert.True(rule.Enabled);
        Assert.Equal(new AlertTiming(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(15), true), rule.Timing);
        Assert.Equal("7d", AlertRuleValidator.Validate(Draft(condition: "calibration-drift", threshold: 1, window: null)).Value.Window);
    }

    [Fact]
    public void Condition_names_round_trip()
    {
        foreach (var condition in Enum.GetValues<AlertCondition>())
            Assert.Equal(condition, AlertConditionNames.Parse(AlertConditionNames.Of(condition)));
        Assert.Equal(10, AlertConditionNames.All.Count);
        Assert.Equal(AlertCondition.SloBurn, AlertConditionNames.Parse(" SLO-Burn "));
    }
}
