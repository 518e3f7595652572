using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Domain.Flags;

/// <summary>
/// An engaged kill switch as the prompt's snapshot carries it: every execution of the prompt that did
/// not pin a version gets <paramref name="SafeVersion"/>. <paramref name="FlagKey"/> becomes the route id.
/// </summary>
public sealed record PromptKillSwitch(string FlagKey, int SafeVersion)
{
    public const string Off = "off";
    public const string On = "on";

    /// <summary>
    /// The kill switch a set of flags engages for <paramref name="promptKey"/>, or null. Engaged means
    /// the flag evaluator serves <see cref="On"/>; with several engaged the first by key wins, so every
    /// process agrees.
    /// </summary>
    public static PromptKillSwitch? Engaged(string promptKey, IEnumerable<FeatureFlag> flags) =>
        flags
            .Where(f => f.Kind == FlagKind.PromptKillSwitch && string.Equals(f.KillSwitch?.PromptKey, promptKey, StringComparison.Ordinal))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Where(f => FlagEvaluator.Evaluate(f, RequestAttributes.None).Variant == On)
            .Select(f => new PromptKillSwitch(f.Key, f.KillSwitch!.SafeVersion))
            .FirstOrDefault();

    /// <summary>What every kill-switch flag serves: off by default, on for all traffic once enabled.</summary>
    internal static IReadOnlyList<FlagVariant> Variants { get; } = [new(Off, "false"), new(On, "true")];

    internal static IReadOnlyList<FlagPercentile> Rollout { get; } = [new(On, 0, 100)];
}
