using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Flags;

public enum FlagKind
{
    /// <summary>Serves variants to the application that asks.</summary>
    Standard,

    /// <summary>When on, sends all traffic of one prompt to a named safe version (see <see cref="PromptKillSwitch"/>).</summary>
    PromptKillSwitch,
}

/// <summary>A named value a flag serves; <paramref name="Value"/> is JSON text.</summary>
public sealed record FlagVariant(string Name, string Value);

/// <summary>
/// A slice of the rollout in percent: subjects whose position × 100 falls in [<paramref name="From"/>,
/// <paramref name="To"/>) get <paramref name="Variant"/>. This is Microsoft.FeatureManagement's
/// <c>PercentileAllocation { Variant, From, To }</c>, field for field.
/// </summary>
public sealed record FlagPercentile(string Variant, double From, double To);

/// <summary>The prompt a kill switch guards and the version it falls back to.</summary>
public sealed record KillSwitchTarget(string PromptKey, int SafeVersion);

/// <summary>
/// A feature flag, checked (see <see cref="FlagValidator"/>). How it maps onto Microsoft.FeatureManagement:
/// <list type="bullet">
/// <item><see cref="Enabled"/> with <see cref="Targeting"/> → the feature's enabled-for filters; a targeting miss
/// counts as disabled for that request, as a failed filter does there.</item>
/// <item><see cref="DefaultVariant"/> → <c>Allocation.DefaultWhenDisabled</c> and <c>DefaultWhenEnabled</c>.</item>
/// <item><see cref="Rollout"/> → <c>Allocation.Percentile</c>; <see cref="Key"/> → <c>Allocation.Seed</c>.</item>
/// <item><see cref="Variants"/> → <c>Variants { Name, ConfigurationValue }</c>.</item>
/// </list>
/// Positions come from GrowthBook's hash here (<see cref="FlagEvaluator"/>), which FeatureManagement's
/// own allocator does not use, so only this evaluator reproduces the assignments exactly.
/// </summary>
public sealed record FeatureFlag(
    string Key,
    string Description,
    FlagKind Kind,
    bool Enabled,
    IReadOnlyList<FlagVariant> Variants,
    string DefaultVariant,
    IReadOnlyList<TargetingCondition> Targeting,
    IReadOnlyList<FlagPercentile> Rollout,
    string SubjectAttribute = AttributeName.Subject,
    KillSwitchTarget? KillSwitch = null)
{
    public FlagVariant Variant(string name) => Variants.First(v => string.Equals(v.Name, name, StringComparison.Ordinal));
}

/// <summary>Flag keys follow the prompt-key rule.</summary>
public static class FlagKey
{
    public const int MaxLength = PromptKey.MaxLength;

    public static bool IsValid(string? key) => PromptKey.IsValid(key);
}
