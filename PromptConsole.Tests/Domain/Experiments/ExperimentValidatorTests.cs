using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using static PromptConsole.Tests.Domain.Experiments.ExperimentFixtures;

namespace PromptConsole.Tests.Domain.Experiments;

public sealed class ExperimentValidatorTests
{
    /// <summary>rule, a change to the valid body, the field expected among the errors, a fragment of its message.</summary>
    public static TheoryData<string, Func<ExperimentDraft, ExperimentDraft>, string, string> Rejections => new()
    {
        { "missing key", d => d with { Key = null }, "key", "not a valid key" },
        { "upper-case key", d => d with { Key = "Tone-Test" }, "key", "not a valid key" },
        { "key with a space", d => d with { Key = "tone test" }, "key", "not a valid key" },
        { "key over 64 characters", d => d with { Key = new string('a', 65) }, "key", "not a valid key" },
        { "missing prompt", d => d with { Prompt = null }, "prompt", "not a valid prompt key" },
        { "blank hypothesis", d => d with { Hypothesis = "  " }, "hypothesis", "required" },
        { "hypothesis too long", d => d with { Hypothesis = new string('h', 2_001) }, "hypothesis", "longer than" },
        { "no arms", d => d with { Arms = null }, "arms", "2–10 arms" },
        { "one arm", d => d with { Arms = [new ArmDraft("control", 2, 1)] }, "arms", "2–10 arms" },
        { "eleven arms", d => d with { Arms = Enumerable.Range(0, 11).Select(i => (ArmDraft?)new ArmDraft($"a{i}", 1, 1)).ToArray() }, "arms", "2–10 arms" },
        { "null arm", d => d with { Arms = [new ArmDraft("control", 2, 1), null] }, "arms[1]", "null" },
        { "duplicate arm names", d => d with { Arms = [new ArmDraft("same", 2, 1), new ArmDraft("same", 3, 1)] }, "arms[1].name", "used twice" },
        { "bad arm name", d => d with { Arms = [new ArmDraft("control", 2, 1), new ArmDraft("Friendly Tone", 3, 1)] }, "arms[1].name", "not a valid arm name" },
        { "empty arm name", d => d with { Arms = [new ArmDraft("", 2, 1), new ArmDraft("b", 3, 1)] }, "arms[0].name", "not a valid arm name" },
        { "arm without version", d => d with { Arms = [new ArmDraft("control", 2, 1), new ArmDraft("b", null, 1)] }, "arms[1].version", "required" },
        { "arm on a missing version", d => d with { Arms = [new ArmDraft("control", 2, 1), new ArmDraft("b", 9, 1)] }, "arms[1].version", "no version 9" },
        { "negative weight", d => d with { Arms = [new ArmDraft("control", 2, -1), new ArmDraft("b", 3, 1)] }, "arms[0].weight", "at least 0" },
        { "NaN weight", d => d with { Arms = [new ArmDraft("control", 2, 1), new ArmDraft("b", 3, double.NaN)] }, "arms[1].weight", "at least 0" },
        { "infinite weight", d => d with { Arms = [new ArmDraft("control", 2, double.PositiveInfinity), new ArmDraft("b", 3, 1)] }, "arms[0].weight", "at least 0" },
        { "weights summing to zero", d => d with { Arms = [new ArmDraft("control", 2, 0), new ArmDraft("b", 3, 0)] }, "arms", "sum to 0" },
        { "some weights omitted", d => d with { Arms = [new ArmDraft("control", 2, 70), new ArmDraft("b", 3)] }, "arms[1].weight", "every arm a weight" },
        { "zero coverage", d => d with { Coverage = 0 }, "coverage", "more than 0, at most 1" },
        { "coverage above one", d => d with { Coverage = 1.01 }, "coverage", "more than 0, at most 1" },
        { "negative coverage", d => d with { Coverage = -0.5 }, "coverage", "more than 0, at most 1" },
        { "NaN coverage", d => d with { Coverage = double.NaN }, "coverage", "more than 0, at most 1" },
        { "bad subject attribute", d => d with { SubjectAttribute = "user id" }, "subjectAttribute", "not a valid attribute name" },
        { "missing primary metric", d => d with { PrimaryMetric = null }, "primaryMetric", "required" },
        { "unknown primary metric", d => d with { PrimaryMetric = "revenue" }, "primaryMetric", "not a metric" },
        { "metric names are case-sensitive", d => d with { PrimaryMetric = "Feedback" }, "primaryMetric", "not a metric" },
        { "unknown guardrail", d => d with { Guardrails = ["p95Latency", "p99Latency"] }, "guardrails[1]", "not a metric" },
        { "guardrail repeating the primary", d => d with { Guardrails = ["feedback"] }, "guardrails[0]", "already the primary metric" },
        { "duplicate guardrail", d => d with { Guardrails = ["p95Latency", "p95Latency"] }, "guardrails[1]", "listed twice" },
        { "zero minimum sample", d => d with { MinSamplesPerArm = 0 }, "minSamplesPerArm", "between 1 and" },
        { "end date now", d => d with { EndsAt = DomainFixtures.Now }, "endsAt", "already past" },
        { "targeting attribute invalid", d => d with { Targeting = [new TargetingConditionDraft("plan type", "equals", ["pro"])] }, "targeting[0].attribute", "not a valid attribute name" },
        { "targeting attribute missing", d => d with { Targeting = [new TargetingConditionDraft(null, "equals", ["pro"])] }, "targeting[0].attribute", "not a valid attribute name" },
        { "targeting operator unknown", d => d with { Targeting = [new TargetingConditionDraft("plan", "contains", ["pro"])] }, "targeting[0].operator", "not an operator" },
        { "targeting operator missing", d => d with { Targeting = [new TargetingConditionDraft("plan", null, ["pro"])] }, "targeting[0].operator", "not an operator" },
        { "equals with two values", d => d with { Targeting = [new TargetingConditionDraft("plan", "equals", ["pro", "team"])] }, "targeting[0].value", "exactly one value" },
        { "equals with no value", d => d with { Targeting = [new TargetingConditionDraft("plan", "equals", null)] }, "targeting[0].value", "exactly one value" },
        { "equals an empty string", d => d with { Targeting = [new TargetingConditionDraft("plan", "equals", [""])] }, "targeting[0].value", "must not be empty" },
        { "in with no values", d => d with { Targeting = [new TargetingConditionDraft("plan", "in", [])] }, "targeting[0].value", "1–1000 values" },
        { "regex that does not compile", d => d with { Targeting = [new TargetingConditionDraft("agent", "regex", ["([a-z"])] }, "targeting[0].value", "does not compile" },
        { "regex too long", d => d with { Targeting = [new TargetingConditionDraft("agent", "regex", [new string('a', 501)])] }, "targeting[0].value", "longer than 500" },
        { "number compare with text", d => d with { Targeting = [new TargetingConditionDraft("seats", "gt", ["ten"])] }, "targeting[0].value", "not a number" },
        { "number compare with NaN", d => d with { Targeting = [new TargetingConditionDraft("seats", "lt", ["NaN"])] }, "targeting[0].value", "not a number" },
        { "percentage above one", d => d with { Targeting = [new TargetingConditionDraft("subject", "percentage", ["1.5"])] }, "targeting[0].value", "between 0 and 1" },
        { "percentage as percent", d => d with { Targeting = [new TargetingConditionDraft("subject", "percentage", ["50"])] }, "targeting[0].value", "between 0 and 1" },
        { "second condition is the bad one", d => d with { Targeting = [new TargetingConditionDraft("plan", "equals", ["pro"]), new TargetingConditionDraft("seats", "gte", ["x"])] }, "targeting[1].value", "not a number" },
        { "null condition", d => d with { Targeting = [null] }, "targeting[0]", "null" },
        { "too many conditions", d => d with { Targeting = Enumerable.Repeat((TargetingConditionDraft?)new TargetingConditionDraft("plan", "equals", ["pro"]), 21).ToArray() }, "targeting", "At most 20" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_with_the_offending_field(string rule, Func<ExperimentDraft, ExperimentDraft> change, string field, string message)
    {
        var result = ExperimentValidator.Validate(change(ValidDraft()), PromptVersions, DomainFixtures.Now);

        Assert.False(result.IsSuccess, rule);
        Assert.Equal((ErrorKind.Validation, "invalid-experiment"), (result.Error!.Kind, result.Error.Code));
        Assert.True(
            result.Error.FieldErrors.Any(e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal)),
            $"{rule}: expected {field} ~ '{message}', got {string.Join("; ", result.Error.FieldErrors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    [Fact]
    public void Accepts_a_valid_body_and_types_it()
    {
        var result = ExperimentValidator.Validate(ValidDraft(), PromptVersions, DomainFixtures.Now);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var definition = result.Value;
        Assert.Equal(("tone-test", "summarize"), (definition.Key, definition.PromptKey));
        Assert.Equal(["control", "friendly"], definition.Arms.Select(a => a.Name));
        Assert.Equal("control", definition.Control.Name);
        Assert.Equal(ExperimentMetric.Feedback, definition.PrimaryMetric);
        Assert.Equal([ExperimentMetric.P95Latency, ExperimentMetric.CostPerExecution], definition.Guardrails);
        var condition = Assert.Single(definition.Targeting);
        Assert.Equal(("plan", TargetingOperator.In), (condition.Attribute, condition.Operator));
        Assert.Equal(["pro", "team"], condition.Values);
        Assert.Equal("tone-test", definition.Seed);
    }

    [Fact]
    public void Omitted_optional_fields_take_their_defaults()
    {
        var draft = new ExperimentDraft("tone-test", "summarize", "h", [new ArmDraft("a", 1), new ArmDraft("b", 2)], PrimaryMetric: "successRate");

        var definition = ExperimentValidator.Validate(draft, PromptVersions, DomainFixtures.Now).Value;

        Assert.Equal(1, definition.Coverage);
        Assert.Equal("subject", definition.SubjectAttribute);
        Assert.Empty(definition.Targeting);
        Assert.Empty(definition.Guardrails);
        Assert.Equal(ExperimentValidator.DefaultMinSamplesPerArm, definition.MinSamplesPerArm);
        Assert.Null(definition.EndsAt);
        Assert.Equal([1d, 1d], definition.Arms.Select(a => a.Weight));
    }

    [Fact]
    public void Reports_every_offending_field_at_once()
    {
        var draft = ValidDraft() with { Key = "Bad Key", Coverage = 2, PrimaryMetric = "x" };

        var fields = ExperimentValidator.Validate(draft, PromptVersions, DomainFixtures.Now).Error!.FieldErrors.Select(e => e.Field);

        Assert.Equal(["key", "coverage", "primaryMetric"], fields);
    }
}
