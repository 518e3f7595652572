using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using static PromptConsole.Tests.Domain.Flags.FlagFixtures;

namespace PromptConsole.Tests.Domain.Flags;

public sealed class PromptKillSwitchTests
{
    private static readonly IReadOnlySet<int> Versions = new HashSet<int> { 1, 2, 3 };

    [Theory]
    [InlineData(false, FlagEvaluationReason.Disabled, "off")]
    [InlineData(true, FlagEvaluationReason.Rollout, "on")]
    public void A_kill_switch_serves_on_to_all_traffic_once_enabled(bool enabled, FlagEvaluationReason reason, string variant)
    {
        var flag = FlagValidator.Validate(KillSwitchDraft(enabled), Versions).Value;

        Assert.Equal((variant, reason), Pair(FlagEvaluator.Evaluate(flag, RequestAttributes.None)));
        Assert.Equal((variant, reason), Pair(FlagEvaluator.Evaluate(flag, new RequestAttributes("user-1", "acme"))));
    }

    [Fact]
    public void Engaged_finds_the_enabled_kill_switch_of_the_prompt()
    {
        var on = KillSwitch("summarize-off", "summarize", 1, enabled: true);
        var off = KillSwitch("summarize-a-off", "summarize", 2, enabled: false);
        var otherPrompt = KillSwitch("translate-off", "translate", 3, enabled: true);
        var standard = Flag();

        Assert.Equal(new PromptKillSwitch("summarize-off", 1), PromptKillSwitch.Engaged("summarize", [off, otherPrompt, standard, on]));
        Assert.Null(PromptKillSwitch.Engaged("summarize", [off, otherPrompt, standard]));
        Assert.Null(PromptKillSwitch.Engaged("classify", [on, off, otherPrompt]));
    }

    [Fact]
    public void With_two_engaged_the_first_by_key_wins()
    {
        var b = KillSwitch("b-off", "summarize", 2, enabled: true);
        var a = KillSwitch("a-off", "summarize", 1, enabled: true);

        Assert.Equal(new PromptKillSwitch("a-off", 1), PromptKillSwitch.Engaged("summarize", [b, a]));
    }

    private static FeatureFlag KillSwitch(string key, string prompt, int safeVersion, bool enabled) =>
        FlagValidator.Validate(KillSwitchDraft(enabled) with { Key = key, KillSwitch = new KillSwitchTargetDraft(prompt, safeVersion) }, Versions).Value;

    private static (string, FlagEvaluationReason) Pair(FlagEvaluation evaluation) => (evaluation.Variant, evaluation.Reason);
}
