using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Domain.Flags;

/// <summary>
/// A flag as the API body sends it, unchecked. <paramref name="Kind"/> is <c>standard</c> (the default)
/// or <c>promptKillSwitch</c>; a kill switch names only its prompt and safe version, and gets its
/// variants (<c>off</c>, <c>on</c>) and all-traffic rollout from the kind.
/// </summary>
public sealed record FlagDraft(
    string? Key,
    string? Description = null,
    string? Kind = null,
    bool Enabled = false,
    IReadOnlyList<FlagVariantDraft?>? Variants = null,
    string? DefaultVariant = null,
    IReadOnlyList<TargetingConditionDraft?>? Targeting = null,
    IReadOnlyList<FlagPercentileDraft?>? Rollout = null,
    string? SubjectAttribute = null,
    KillSwitchTargetDraft? KillSwitch = null);

public sealed record FlagVariantDraft(string? Name, string? Value);

public sealed record FlagPercentileDraft(string? Variant, double? From, double? To);

public sealed record KillSwitchTargetDraft(string? Prompt, int? SafeVersion);
