using System.Globalization;
using PromptConsole.Domain.Flags;

namespace PromptConsole.Web.Model.Flags;

/// <summary>How the console describes a flag in one line, so the list and the editor agree.</summary>
public static class FlagSummary
{
    public static string Percent(double value) => value.ToString("0.##", CultureInfo.InvariantCulture) + " %";

    public static string Kind(FeatureFlag flag) => flag.KillSwitch is { } target
        ? $"prompt kill switch: {target.PromptKey} → safe v{target.SafeVersion}"
        : "standard";

    public static string Variants(FeatureFlag flag) => string.Join(", ", flag.Variants.Select(v => $"{v.Name} = {v.Value}"));

    /// <summary>
    /// "a 0–50 %, b 50–100 %" with what the rest gets; a kill switch sends everything to its safe
    /// version while on, so it says that instead.
    /// </summary>
    public static string Rollout(FeatureFlag flag)
    {
        if (flag.KillSwitch is { } target)
            return $"when on: all traffic of {target.PromptKey} → v{target.SafeVersion}";

        var targeted = flag.Targeting.Count switch
        {
            0 => string.Empty,
            1 => " (1 targeting condition)",
            var n => $" ({n} targeting conditions)",
        };
        if (flag.Rollout.Count == 0)
            return $"everyone → {flag.DefaultVariant}{targeted}";

        var slices = string.Join(", ", flag.Rollout.OrderBy(s => s.From).Select(s => $"{s.Variant} {Slice(s.From, s.To)}"));
        var covered = flag.Rollout.Sum(s => s.To - s.From);
        var rest = covered < 100 ? $", rest → {flag.DefaultVariant}" : string.Empty;
        return slices + rest + targeted;
    }

    public static string Slice(double from, double to) =>
        $"{from.ToString("0.##", CultureInfo.InvariantCulture)}–{Percent(to)}";
}
