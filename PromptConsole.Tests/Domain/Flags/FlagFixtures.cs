using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;

namespace PromptConsole.Tests.Domain.Flags;

internal static class FlagFixtures
{
    public static readonly IReadOnlyList<FlagVariant> ToneVariants =
    [
        new("plain", "\"plain\""),
        new("friendly", "\"friendly\""),
        new("terse", "{\"maxWords\": 40}"),
    ];

    public static FeatureFlag Flag(
        bool enabled = true,
        IReadOnlyList<TargetingCondition>? targeting = null,
        IReadOnlyList<FlagPercentile>? rollout = null,
        string key = "tone",
        string subjectAttribute = AttributeName.Subject) =>
        new(key, "Tone of summaries", FlagKind.Standard, enabled, ToneVariants, "plain", targeting ?? [], rollout ?? [new("friendly", 0, 30), new("terse", 30, 50)], subjectAttribute);

    public static FlagDraft ValidDraft() => new(
        Key: "tone",
        Description: "Tone of summaries",
        Enabled: true,
        Variants: [new FlagVariantDraft("plain", "\"plain\""), new FlagVariantDraft("friendly", "\"friendly\"")],
        DefaultVariant: "plain",
        Targeting: [new TargetingConditionDraft("plan", "equals", ["pro"])],
        Rollout: [new FlagPercentileDraft("friendly", 0, 25), new FlagPercentileDraft("plain", 25, 100)]);

    public static FlagDraft KillSwitchDraft(bool enabled = false) => new(
        Key: "summarize-off",
        Kind: FlagValidator.PromptKillSwitchKind,
        Enabled: enabled,
        KillSwitch: new KillSwitchTargetDraft("summarize", 1));
}
