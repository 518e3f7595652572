using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using static PromptConsole.Tests.Domain.Flags.FlagFixtures;

namespace PromptConsole.Tests.Domain.Flags;

public sealed class FlagValidatorTests
{
    private static readonly IReadOnlySet<int> SummarizeVersions = new HashSet<int> { 1, 2, 3 };

    /// <summary>rule, a change to a valid body, the field expected among the errors, a fragment of its message.</summary>
    public static TheoryData<string, FlagDraft, string, string> Rejections => new()
    {
        { "missing key", ValidDraft() with { Key = null }, "key", "not a valid key" },
        { "upper-case key", ValidDraft() with { Key = "Tone" }, "key", "not a valid key" },
        { "unknown kind", ValidDraft() with { Kind = "boolean" }, "kind", "not a flag kind" },
        { "description too long", ValidDraft() with { Description = new string('d', 2_001) }, "description", "longer than" },
        { "no variants", ValidDraft() with { Variants = [] }, "variants", "1–20 variants" },
        { "null variant", ValidDraft() with { Variants = [new("plain", "1"), null] }, "variants[1]", "null" },
        { "bad variant name", ValidDraft() with { Variants = [new("plain", "1"), new("Friendly Tone", "2")] }, "variants[1].name", "not a valid variant name" },
        { "duplicate variant name", ValidDraft() with { Variants = [new("plain", "1"), new("plain", "2")] }, "variants[1].name", "used twice" },
        { "value that is not JSON", ValidDraft() with { Variants = [new("plain", "plain"), new("friendly", "2")] }, "variants[0].value", "not JSON" },
        { "unterminated JSON", ValidDraft() with { Variants = [new("plain", "{\"a\": 1"), new("friendly", "2")] }, "variants[0].value", "not JSON" },
        { "missing value", ValidDraft() with { Variants = [new("plain", null), new("friendly", "2")] }, "variants[0].value", "required" },
        { "missing default", ValidDraft() with { DefaultVariant = null }, "defaultVariant", "required" },
        { "default not a variant", ValidDraft() with { DefaultVariant = "loud" }, "defaultVariant", "not one of the variants" },
        { "bad targeting operator", ValidDraft() with { Targeting = [new TargetingConditionDraft("plan", "startsWith", ["p"])] }, "targeting[0].operator", "not an operator" },
        { "bad targeting regex", ValidDraft() with { Targeting = [new TargetingConditionDraft("plan", "regex", ["("])] }, "targeting[0].value", "does not compile" },
        { "rollout to an unknown variant", ValidDraft() with { Rollout = [new("loud", 0, 10)] }, "rollout[0].variant", "not one of the variants" },
        { "rollout from below 0", ValidDraft() with { Rollout = [new("friendly", -5, 10)] }, "rollout[0].from", "[0, 100)" },
        { "rollout without from", ValidDraft() with { Rollout = [new("friendly", null, 10)] }, "rollout[0].from", "[0, 100)" },
        { "rollout to above 100", ValidDraft() with { Rollout = [new("friendly", 0, 101)] }, "rollout[0].to", "at most 100" },
        { "rollout empty slice", ValidDraft() with { Rollout = [new("friendly", 10, 10)] }, "rollout[0].to", "above from" },
        { "rollout slices overlap", ValidDraft() with { Rollout = [new("friendly", 0, 30), new("plain", 20, 100)] }, "rollout[1].from", "overlaps rollout[0]" },
        { "null rollout slice", ValidDraft() with { Rollout = [null] }, "rollout[0]", "null" },
        { "bad subject attribute", ValidDraft() with { SubjectAttribute = "" }, "subjectAttribute", "not a valid attribute name" },
        { "standard flag naming a prompt", ValidDraft() with { KillSwitch = new("summarize", 1) }, "killSwitch", "Only a promptKillSwitch" },
        { "kill switch without target", KillSwitchDraft() with { KillSwitch = null }, "killSwitch", "names its prompt and safe version" },
        { "kill switch with a bad prompt key", KillSwitchDraft() with { KillSwitch = new("Summarize", 1) }, "killSwitch.prompt", "not a valid prompt key" },
        { "kill switch without safe version", KillSwitchDraft() with { KillSwitch = new("summarize", null) }, "killSwitch.safeVersion", "required" },
        { "kill switch on a missing version", KillSwitchDraft() with { KillSwitch = new("summarize", 7) }, "killSwitch.safeVersion", "has no version 7" },
        { "kill switch with targeting", KillSwitchDraft() with { Targeting = [new TargetingConditionDraft("plan", "equals", ["pro"])] }, "targeting", "no targeting" },
        { "kill switch with variants", KillSwitchDraft() with { Variants = [new("on", "true")] }, "variants", "always 'off' and 'on'" },
        { "kill switch with a default", KillSwitchDraft() with { DefaultVariant = "on" }, "defaultVariant", "always 'off'" },
        { "kill switch with a rollout", KillSwitchDraft() with { Rollout = [new("on", 0, 50)] }, "rollout", "no rollout" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_with_the_offending_field(string rule, FlagDraft draft, string field, string message)
    {
        var result = FlagValidator.Validate(draft, SummarizeVersions);

        Assert.False(result.IsSuccess, rule);
        Assert.Equal((ErrorKind.Validation, "invalid-flag"), (result.Error!.Kind, result.Error.Code));
        Assert.True(
            result.Error.FieldErrors.Any(e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal)),
            $"{rule}: expected {field} ~ '{message}', got {string.Join("; ", result.Error.FieldErrors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    [Fact]
    public void A_kill_switch_on_a_prompt_that_does_not_exist_names_the_prompt()
    {
        var result = FlagValidator.Validate(KillSwitchDraft(), null);

        Assert.Equal("killSwitch.prompt", Assert.Single(result.Error!.FieldErrors).Field);
    }

    [Fact]
    public void Accepts_a_standard_flag()
    {
        var flag = FlagValidator.Validate(ValidDraft(), null).Value;

        Assert.Equal((FlagKind.Standard, "tone", true, "plain"), (flag.Kind, flag.Key, flag.Enabled, flag.DefaultVariant));
        Assert.Equal(["plain", "friendly"], flag.Variants.Select(v => v.Name));
        Assert.Equal([new FlagPercentile("friendly", 0, 25), new FlagPercentile("plain", 25, 100)], flag.Rollout);
        Assert.Equal("plan", Assert.Single(flag.Targeting).Attribute);
        Assert.Equal("subject", flag.SubjectAttribute);
        Assert.Null(flag.KillSwitch);
    }

    [Fact]
    public void A_kill_switch_gets_its_variants_and_rollout_from_its_kind()
    {
        var flag = FlagValidator.Validate(KillSwitchDraft(enabled: true), SummarizeVersions).Value;

        Assert.Equal(FlagKind.PromptKillSwitch, flag.Kind);
        Assert.Equal(new KillSwitchTarget("summarize", 1), flag.KillSwitch);
        Assert.Equal([PromptKillSwitch.Off, PromptKillSwitch.On], flag.Variants.Select(v => v.Name));
        Assert.Equal(PromptKillSwitch.Off, flag.DefaultVariant);
        Assert.Empty(flag.Targeting);
    }
}
