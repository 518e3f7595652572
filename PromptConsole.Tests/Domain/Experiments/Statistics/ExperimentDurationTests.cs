using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class ExperimentDurationTests
{
    [Theory]
    // By hand: 77 per arm × 2 arms = 154 executions at 100 eligible a day × 50 % coverage = 50 a day → 3.08 days.
    [InlineData(77, 2, 100, 0.5, 154, 3.08)]
    // By hand: 14751 × 3 = 44253 at 20000 a day, full coverage → 2.21265 days.
    [InlineData(14751, 3, 20000, 1.0, 44253, 2.21265)]
    public void Equal_arms_take_their_total_over_the_daily_intake(long perArm, int arms, double eligiblePerDay, double coverage, long total, double days)
    {
        var estimate = ExperimentDuration.Estimate(perArm, arms, eligiblePerDay, coverage).Value;

        Assert.Equal(perArm, estimate.SampleSizePerArm);
        Assert.Equal(total, estimate.TotalSampleSize);
        Assert.Equal(days, estimate.Days, 1e-12);
        Assert.Equal(days * 24, estimate.Hours, 1e-10);
    }

    [Fact]
    public void The_smallest_arm_sets_the_pace()
    {
        // By hand: weights 1:3 → the small arm gets 25 % of 1000 a day = 250; 100 observations take 0.4 days,
        // by when the large arm has 300: 400 in all.
        var estimate = ExperimentDuration.Estimate(100, [1.0, 3.0], 1000).Value;

        Assert.Equal(0.4, estimate.Days, 1e-12);
        Assert.Equal(9.6, estimate.Hours, 1e-10);
        Assert.Equal(400, estimate.TotalSampleSize);
    }

    [Theory]
    [InlineData(0, 2, 100, 1.0, "sampleSizePerArm")]
    [InlineData(100, 1, 100, 1.0, "arms")]
    [InlineData(100, 2, 0, 1.0, "eligiblePerDay")]
    [InlineData(100, 2, 100, 0.0, "coverage")]
    [InlineData(100, 2, 100, 1.5, "coverage")]
    public void Impossible_inputs_are_validation_errors_naming_the_field(long perArm, int arms, double eligiblePerDay, double coverage, string field)
    {
        var result = ExperimentDuration.Estimate(perArm, arms, eligiblePerDay, coverage);

        Assert.False(result.IsSuccess);
        Assert.Equal(field, Assert.Single(result.Error!.FieldErrors).Field);
    }
}
