using PromptConsole.Domain.Experiments.Bucketing;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using static PromptConsole.Tests.Domain.Flags.FlagFixtures;

namespace PromptConsole.Tests.Domain.Flags;

/// <summary>
/// The "tone" flag serves plain by default, friendly to the rollout's [0, 30) and terse to [30, 50);
/// [50, 100) is a gap that gets the default.
/// </summary>
public sealed class FlagEvaluatorTests
{
    private static readonly TargetingCondition ProPlan = new("plan", TargetingOperator.EqualTo, ["pro"]);
    private static readonly Dictionary<string, string> Pro = new() { ["plan"] = "pro" };
    private static readonly Dictionary<string, string> Free = new() { ["plan"] = "free" };

    /// <summary>enabled, targeted on plan=pro?, request's plan, subject, expected reason.</summary>
    [Theory]
    [InlineData(false, false, "pro", "user-1", FlagEvaluationReason.Disabled)]
    [InlineData(false, true, "pro", "user-1", FlagEvaluationReason.Disabled)]
    [InlineData(true, true, "free", "user-1", FlagEvaluationReason.TargetingMiss)]
    [InlineData(true, true, null, "user-1", FlagEvaluationReason.TargetingMiss)]
    [InlineData(true, true, "pro", null, FlagEvaluationReason.Default)]
    [InlineData(true, false, null, "", FlagEvaluationReason.Default)]
    public void Serves_the_default_when_off_untargeted_or_unplaceable(bool enabled, bool targeted, string? plan, string? subject, FlagEvaluationReason reason)
    {
        var flag = Flag(enabled, targeted ? [ProPlan] : null);
        var attributes = new RequestAttributes(subject, null, plan is null ? null : new Dictionary<string, string> { ["plan"] = plan });

        var evaluation = FlagEvaluator.Evaluate(flag, attributes);

        Assert.Equal(new FlagEvaluation("plain", "\"plain\"", reason), evaluation);
    }

    /// <summary>Each subject's variant follows from GrowthBook's hash of (flag key, subject) in percent and the slices.</summary>
    [Fact]
    public void Rollout_places_each_subject_by_its_percent_position()
    {
        var flag = CompiledFlag.Compile(Flag(targeting: [ProPlan])).Value;
        var seed = HashSeed.For("tone");
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < 10_000; i++)
        {
            var subject = $"user-{i}";
            var percent = seed.Bucket(subject) / 100d;
            var expected = percent < 30 ? ("friendly", FlagEvaluationReason.Rollout) : percent < 50 ? ("terse", FlagEvaluationReason.Rollout) : ("plain", FlagEvaluationReason.Default);

            var evaluation = flag.Evaluate(new RequestAttributes(subject, null, Pro));

            Assert.Equal(expected, (evaluation.Variant, evaluation.Reason));
            Assert.Equal(ToneVariants.Single(v => v.Name == evaluation.Variant).Value, evaluation.Value);
            counts[evaluation.Variant] = counts.GetValueOrDefault(evaluation.Variant) + 1;
        }

        // Binomial(10000, p) for a uniform hash: sd 46 (p = .3), 40 (p = .2), 50 (p = .5); ±4 sd each.
        Assert.InRange(counts["friendly"], 3_000 - 184, 3_000 + 184);
        Assert.InRange(counts["terse"], 2_000 - 160, 2_000 + 160);
        Assert.InRange(counts["plain"], 5_000 - 200, 5_000 + 200);
    }

    /// <summary>Widening a slice keeps everyone who had the variant: [0, 30) ⊂ [0, 60).</summary>
    [Fact]
    public void Rollout_is_sticky_when_a_slice_widens()
    {
        var narrow = CompiledFlag.Compile(Flag(rollout: [new("friendly", 0, 30)])).Value;
        var wide = CompiledFlag.Compile(Flag(rollout: [new("friendly", 0, 60)])).Value;

        for (var i = 0; i < 5_000; i++)
        {
            var attributes = new RequestAttributes($"user-{i}");
            if (narrow.Evaluate(attributes).Variant == "friendly")
                Assert.Equal("friendly", wide.Evaluate(attributes).Variant);
        }
    }

    [Fact]
    public void A_slice_over_all_of_0_to_100_needs_no_subject()
    {
        var flag = Flag(rollout: [new("terse", 0, 100)]);

        Assert.Equal(new FlagEvaluation("terse", "{\"maxWords\": 40}", FlagEvaluationReason.Rollout), FlagEvaluator.Evaluate(flag, RequestAttributes.None));
    }

    [Fact]
    public void Seeds_by_flag_key_so_two_flags_split_subjects_independently()
    {
        var half = new FlagPercentile[] { new("friendly", 0, 50) };
        var first = CompiledFlag.Compile(Flag(key: "tone", rollout: half)).Value;
        var second = CompiledFlag.Compile(Flag(key: "tone-2", rollout: half)).Value;

        var agree = Enumerable.Range(0, 10_000)
            .Count(i => first.Evaluate(new($"user-{i}")).Variant == second.Evaluate(new($"user-{i}")).Variant);

        // Independent halves agree for half the subjects: Binomial(10000, .5), sd 50, ±4 sd.
        Assert.InRange(agree, 5_000 - 200, 5_000 + 200);
    }

    [Fact]
    public void Rolls_out_on_the_chosen_attribute()
    {
        var flag = CompiledFlag.Compile(Flag(subjectAttribute: "tenant")).Value;

        var withoutTenant = flag.Evaluate(new RequestAttributes("user-1"));
        var a = flag.Evaluate(new RequestAttributes("user-1", "acme"));
        var b = flag.Evaluate(new RequestAttributes("user-2", "acme"));

        Assert.Equal(FlagEvaluationReason.Default, withoutTenant.Reason);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Targeting_misses_are_checked_before_the_rollout()
    {
        var flag = Flag(targeting: [ProPlan], rollout: [new("friendly", 0, 100)]);

        Assert.Equal(FlagEvaluationReason.TargetingMiss, FlagEvaluator.Evaluate(flag, new RequestAttributes("user-1", null, Free)).Reason);
        Assert.Equal(FlagEvaluationReason.Rollout, FlagEvaluator.Evaluate(flag, new RequestAttributes("user-1", null, Pro)).Reason);
    }
}
