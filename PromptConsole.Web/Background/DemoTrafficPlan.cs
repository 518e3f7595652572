using System.Globalization;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Web.Background;

/// <summary>A prompt the generator can run: its <c>production</c> version and the older versions it may pin, all fillable.</summary>
public sealed record DemoTarget(string PromptKey, PromptVersion Production, IReadOnlyList<PromptVersion> OlderVersions)
{
    /// <summary>
    /// The prompt as a target, or null when it has no <c>production</c> version that
    /// <paramref name="mayRun"/> allows and whose variables the generator can fill. Older versions
    /// that are deprecated, not allowed or cannot be filled are left out.
    /// </summary>
    public static DemoTarget? From(Prompt prompt, DateOnly today, Func<PromptVersion, bool>? mayRun = null)
    {
        bool Runnable(PromptVersion v) => (mayRun?.Invoke(v) ?? true) && CanFill(v, today);

        var production = prompt.Labels.FirstOrDefault(l => l.Name == LabelName.Production)?.VersionNumber;
        var version = production is null ? null : prompt.Versions.FirstOrDefault(v => v.Number == production);
        if (version is null || !Runnable(version))
            return null;

        var older = prompt.Versions
            .Where(v => v.Number < version.Number && !v.IsDeprecated && Runnable(v))
            .OrderBy(v => v.Number)
            .ToArray();
        return new DemoTarget(prompt.Key, version, older);
    }

    // Whether a declaration can be filled depends on its shape, not on the seed: one probe tells.
    private static bool CanFill(PromptVersion version, DateOnly today) => DemoVariableValues.Fill(version.Variables, 0, today) is not null;
}

/// <summary>What the next generated execution does.</summary>
/// <param name="PinnedVersion">An older version to run instead of <c>production</c>, or null for the label's version.</param>
/// <param name="FeedbackScore">The 1–5 score to give if the execution succeeds, or null for none.</param>
/// <param name="AutomatedScore">The 0..1 grade the demo evaluator gives if the execution succeeds.</param>
public sealed record DemoStep(
    string PromptKey,
    int? PinnedVersion,
    string Subject,
    IReadOnlyDictionary<string, VariableValue> Variables,
    int? FeedbackScore,
    double AutomatedScore);

/// <summary>The shares that shape generated traffic (from <c>PromptConsole:DemoTraffic</c>).</summary>
public sealed record DemoTrafficShape(double FeedbackShare, double OlderVersionShare, int SubjectCount);

/// <summary>
/// The generator's decisions as pure functions of a seed: which prompt, version, subject and
/// variables the next execution uses, what feedback it gets, and how long to wait before it.
/// </summary>
public static class DemoTrafficPlan
{
    /// <summary>Feedback weights for scores 1–5 given to <c>production</c> (mean 4.0).</summary>
    public static readonly IReadOnlyList<int> ProductionScoreWeights = [2, 5, 15, 40, 38];

    /// <summary>Older versions score lower (mean 3.4), so per-version quality tells the versions apart.</summary>
    public static readonly IReadOnlyList<int> OlderVersionScoreWeights = [6, 14, 30, 35, 15];

    /// <summary>The evaluator name generated grades carry, so they are never taken for a real grader's.</summary>
    public const string DemoEvaluator = "demo-judge";

    public static DemoStep Next(IReadOnlyList<DemoTarget> targets, DemoTrafficShape shape, ulong seed, DateOnly today)
    {
        if (targets.Count == 0)
            throw new ArgumentException("There must be at least one target.", nameof(targets));

        var random = new DemoRandom(seed);
        var target = random.Pick(targets);
        var pinned = target.OlderVersions.Count > 0 && random.Chance(shape.OlderVersionShare) ? random.Pick(target.OlderVersions) : null;
        var version = pinned ?? target.Production;
        var subject = SubjectName(random.Next(0, shape.SubjectCount));
        int? score = random.Chance(shape.FeedbackShare) ? Score(pinned is null ? ProductionScoreWeights : OlderVersionScoreWeights, random.NextDouble()) : null;

        // A version's variables always fill (DemoTarget checked); the fallback keeps this total.
        var variables = DemoVariableValues.Fill(version.Variables, random.NextUInt64(), today) ?? new Dictionary<string, VariableValue>();
        var grade = AutomatedGrade(pinned is null, random.NextDouble());
        return new DemoStep(target.PromptKey, pinned?.Number, subject, variables, score, grade);
    }

    /// <summary>A grade around 0.85 for <c>production</c> and 0.70 for older versions, spread ±0.15 by <paramref name="unit"/> in [0, 1).</summary>
    public static double AutomatedGrade(bool production, double unit) =>
        Math.Round(Math.Clamp((production ? 0.85 : 0.70) + ((Math.Clamp(unit, 0, 1) - 0.5) * 0.3), 0, 1), 3);

    /// <summary>The wait before the next execution: the mean interval scaled by 0.5–1.5 (<paramref name="unit"/> in [0, 1)), so the rate is steady but not lock-step.</summary>
    public static TimeSpan Interval(double executionsPerSecond, double unit) =>
        TimeSpan.FromSeconds((0.5 + Math.Clamp(unit, 0, 1)) / executionsPerSecond);

    public static string SubjectName(int index) => "demo-user-" + (index + 1).ToString("000", CultureInfo.InvariantCulture);

    /// <summary>The score whose cumulative weight first exceeds <paramref name="unit"/> (in [0, 1)) of the total.</summary>
    public static int Score(IReadOnlyList<int> weights, double unit)
    {
        var total = weights.Sum();
        var threshold = Math.Clamp(unit, 0, 1) * total;
        var cumulative = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            cumulative += weights[i];
            if (threshold < cumulative)
                return i + 1;
        }

        return weights.Count;
    }
}
