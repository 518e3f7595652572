using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Bucketing;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Domain.Flags;

/// <summary>Why a flag served the variant it served.</summary>
public enum FlagEvaluationReason
{
    /// <summary>The flag is off: the default variant.</summary>
    Disabled,

    /// <summary>On, but the request misses the targeting: the default variant.</summary>
    TargetingMiss,

    /// <summary>On, targeted, and the rollout placed the subject in a variant.</summary>
    Rollout,

    /// <summary>On and targeted, but no rollout slice holds the subject (or there is no subject to place): the default variant.</summary>
    Default,
}

/// <summary>The reason names as the API spells them.</summary>
public static class FlagEvaluationReasons
{
    public static string NameOf(FlagEvaluationReason reason) => reason switch
    {
        FlagEvaluationReason.Disabled => "disabled",
        FlagEvaluationReason.TargetingMiss => "targeting-miss",
        FlagEvaluationReason.Rollout => "rollout",
        _ => "default",
    };
}

public sealed record FlagEvaluation(string Variant, string Value, FlagEvaluationReason Reason);

/// <summary>The reference evaluation of a flag for one request; the kill switch goes through it.</summary>
public static class FlagEvaluator
{
    /// <summary>Compiles the flag's targeting on each call; keep a <see cref="CompiledFlag"/> for repeated use.</summary>
    public static FlagEvaluation Evaluate(FeatureFlag flag, in RequestAttributes attributes)
    {
        var compiled = CompiledFlag.Compile(flag);
        if (!compiled.IsSuccess)
            throw new InvalidOperationException($"Flag '{flag.Key}' was stored with targeting that does not compile: {compiled.Error!.Message}");
        return compiled.Value.Evaluate(attributes);
    }
}

/// <summary>A flag with its targeting compiled and its seed hashed once.</summary>
public sealed class CompiledFlag
{
    private readonly CompiledTargeting _targeting;
    private readonly HashSeed _seed;

    private CompiledFlag(FeatureFlag flag, CompiledTargeting targeting)
    {
        Flag = flag;
        _targeting = targeting;
        _seed = HashSeed.For(flag.Key);
    }

    public FeatureFlag Flag { get; }

    public static Result<CompiledFlag> Compile(FeatureFlag flag)
    {
        var targeting = CompiledTargeting.Compile(flag.Targeting, flag.Key);
        return targeting.IsSuccess ? new CompiledFlag(flag, targeting.Value) : targeting.Error!;
    }

    /// <summary>
    /// Off → default. Targeting missed → default. Otherwise the rollout slice holding the subject's
    /// position in percent (GrowthBook's hash, seed = flag key), else default. A slice covering all of
    /// 0–100 holds every position, so it needs no subject.
    /// </summary>
    public FlagEvaluation Evaluate(in RequestAttributes attributes)
    {
        if (!Flag.Enabled)
            return Serve(Flag.DefaultVariant, FlagEvaluationReason.Disabled);
        if (!_targeting.Matches(attributes))
            return Serve(Flag.DefaultVariant, FlagEvaluationReason.TargetingMiss);

        foreach (var slice in Flag.Rollout)
        {
            if (slice.From <= 0 && slice.To >= 100)
                return Serve(slice.Variant, FlagEvaluationReason.Rollout);
        }

        if (!attributes.TryGet(Flag.SubjectAttribute, out var subject))
            return Serve(Flag.DefaultVariant, FlagEvaluationReason.Default);

        // Whole buckets over 100 give the percent position exactly as the hash produced it, so a
        // slice boundary such as 12.34 splits buckets the same way on every machine.
        var percent = _seed.Bucket(subject) / 100d;
        foreach (var slice in Flag.Rollout)
        {
            if (percent >= slice.From && percent < slice.To)
                return Serve(slice.Variant, FlagEvaluationReason.Rollout);
        }

        return Serve(Flag.DefaultVariant, FlagEvaluationReason.Default);
    }

    private FlagEvaluation Serve(string variant, FlagEvaluationReason reason) => new(variant, Flag.Variant(variant).Value, reason);
}
