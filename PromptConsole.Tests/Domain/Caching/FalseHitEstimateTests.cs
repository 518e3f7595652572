using PromptConsole.Domain.Caching;

namespace PromptConsole.Tests.Domain.Caching;

public sealed class FalseHitEstimateTests
{
    private static IEnumerable<SemanticSample> Many(int count, double similarity, int falseHits = 0) =>
        Enumerable.Range(0, count).Select(i => new SemanticSample(similarity, i < falseHits));

    [Theory]
    [InlineData("no failure in 30", 0, 30, 0.1135)]
    [InlineData("no failure in 200", 0, 200, 0.0188)]
    [InlineData("one in 100", 1, 100, 0.0545)]
    [InlineData("half of 10", 5, 10, 0.7634)]
    [InlineData("two in 400", 2, 400, 0.0180)]
    [InlineData("all of 10", 10, 10, 1.0)]
    [InlineData("nothing sampled", 0, 0, 1.0)]
    public void Wilson_upper_bound_matches_the_formula(string name, int failures, int trials, double expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, WilsonInterval.UpperBound(failures, trials), 4);
    }

    public static TheoryData<string, SemanticSample[], double?> Recommendations => new()
    {
        { "no samples: nothing recommended", [], null },
        { "too few clean samples (29)", [.. Many(29, 0.99)], null },
        {
            // 0 of 200 at 0.92 → upper bound 1.9 %; below 0.92 the 0.85 ones (5 of 40 false) push it over 2 %.
            "clean above 0.92, dirty at 0.85", [.. Many(200, 0.92), .. Many(40, 0.85, falseHits: 5)], 0.86
        },
        { "clean everywhere, enough samples at 0.80", [.. Many(200, 0.80)], 0.80 },
        { "150 clean samples: upper bound 2.5 % misses a 2 % target", [.. Many(150, 0.95)], null },
        { "false hits even at 0.99", [.. Many(500, 0.995, falseHits: 25)], null },
        { "similarity 0.9 stored as 0.8999999999 counts at 0.90", [.. Many(200, 0.8999999999)], 0.80 },
    };

    [Theory]
    [MemberData(nameof(Recommendations))]
    public void The_recommended_threshold_is_the_lowest_whose_upper_bound_meets_the_target_with_enough_samples(string name, SemanticSample[] samples, double? expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var estimate = FalseHitEstimate.Compute(samples);
        Assert.Equal(expected, estimate.RecommendedThreshold);
    }

    [Fact]
    public void Rows_cover_0_80_to_0_99_and_count_samples_at_or_above_each_threshold()
    {
        var estimate = FalseHitEstimate.Compute([new(0.95, false), new(0.85, true), new(0.80, false), new(0.79, true)]);

        Assert.Equal(20, estimate.Rows.Count);
        Assert.Equal(0.80, estimate.Rows[0].Threshold);
        Assert.Equal(0.99, estimate.Rows[^1].Threshold);
        Assert.Equal((3, 1), (estimate.Rows[0].Samples, estimate.Rows[0].FalseHits));
        Assert.Equal(1.0 / 3, estimate.Rows[0].FalseHitRate!.Value, 9);
        Assert.Equal((2, 1), (estimate.Rows[5].Samples, estimate.Rows[5].FalseHits)); // 0.85
        Assert.Equal((1, 0), (estimate.Rows[6].Samples, estimate.Rows[6].FalseHits)); // 0.86
        Assert.Null(estimate.Rows[^1].FalseHitRate); // nothing at 0.99
        Assert.Equal(1.0, estimate.Rows[^1].UpperBound);
        Assert.Equal(FalseHitEstimate.DefaultTargetFalseHitRate, estimate.TargetFalseHitRate);
    }

    [Fact]
    public void A_looser_target_and_fewer_required_samples_recommend_a_lower_threshold()
    {
        SemanticSample[] samples = [.. Many(40, 0.97), .. Many(40, 0.88, falseHits: 1)];

        Assert.Null(FalseHitEstimate.Compute(samples).RecommendedThreshold);
        Assert.Equal(0.80, FalseHitEstimate.Compute(samples, targetFalseHitRate: 0.10, minimumSamples: 30).RecommendedThreshold);
    }
}
