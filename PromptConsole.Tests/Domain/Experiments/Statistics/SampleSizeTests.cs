using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Tests.Domain.Experiments.Statistics;

public sealed class SampleSizeTests
{
    [Theory]
    // R stats::power.prop.test documentation example: power.prop.test(p1 = .50, p2 = .75, power = .90)
    // "## => n = 76.7" per group (same normal formula), so 77 observations; p2 = 0.5 × (1 + 0.5).
    [InlineData(0.5, 0.5, 0.05, 0.9, 77)]
    // By hand: p1 = 0.10, p2 = 0.11, p̄ = 0.105: (1.959964 × √(2 × 0.105 × 0.895) + 0.841621 × √(0.09 + 0.0979))²
    // / 0.01² = 14750.79 (mpmath 1.3.0 at 30 digits), so 14751.
    [InlineData(0.1, 0.1, 0.05, 0.8, 14751)]
    // By hand as above for p1 = 0.20, p2 = 0.21: 25582.24 (mpmath 1.3.0) → 25583.
    [InlineData(0.2, 0.05, 0.05, 0.8, 25583)]
    public void Proportions_need_the_published_sample_size(double baselineRate, double relativeMde, double alpha, double power, long perArm)
    {
        var result = SampleSize.PerArmForProportions(baselineRate, relativeMde, alpha, power);

        Assert.True(result.IsSuccess);
        Assert.Equal(perArm, result.Value);
    }

    [Theory]
    // R stats::power.t.test(delta = 0.5, sd = 1, power = 0.8) gives n = 63.76576 per group, so 64; Cohen
    // (1988) table 2.4.1 lists 64 for d = 0.5, α = 0.05 two-tailed, power 0.80. Here mean 10, MDE 5 % → δ = 0.5.
    [InlineData(10, 1, 0.05, 0.05, 0.8, 64)]
    // R stats::power.t.test documentation example power.t.test(power = .90, delta = 1) gives n = 22.02110, so 23.
    [InlineData(10, 1, 0.1, 0.05, 0.9, 23)]
    // R stats::power.t.test(delta = 0.2, sd = 1, power = 0.8) gives n = 393.4057, so 394 (Cohen's table rounds
    // to 393). Here mean 100, MDE 1 %, σ = 5 → d = 1/5.
    [InlineData(100, 25, 0.01, 0.05, 0.8, 394)]
    public void Means_need_the_published_sample_size(double baselineMean, double variance, double relativeMde, double alpha, double power, long perArm)
    {
        var result = SampleSize.PerArmForMeans(baselineMean, variance, relativeMde, alpha, power);

        Assert.True(result.IsSuccess);
        Assert.Equal(perArm, result.Value);
    }

    [Fact]
    public void The_defaults_are_alpha_five_percent_and_power_eighty_percent()
    {
        Assert.Equal(SampleSize.PerArmForProportions(0.1, 0.1, 0.05, 0.8).Value, SampleSize.PerArmForProportions(0.1, 0.1).Value);
        Assert.Equal(SampleSize.PerArmForMeans(10, 1, 0.05, 0.05, 0.8).Value, SampleSize.PerArmForMeans(10, 1, 0.05).Value);
    }

    [Theory]
    [InlineData(0.0, 0.1, 0.05, 0.8, "baselineRate")]
    [InlineData(1.0, 0.1, 0.05, 0.8, "baselineRate")]
    [InlineData(0.1, 0.0, 0.05, 0.8, "relativeMde")]
    [InlineData(0.6, 1.0, 0.05, 0.8, "relativeMde")]
    [InlineData(0.1, 0.1, 0.0, 0.8, "alpha")]
    [InlineData(0.1, 0.1, 0.05, 1.0, "power")]
    [InlineData(0.1, 0.1, 0.05, 0.3, "power")]
    public void Impossible_proportion_inputs_are_validation_errors_naming_the_field(double baselineRate, double relativeMde, double alpha, double power, string field)
    {
        var result = SampleSize.PerArmForProportions(baselineRate, relativeMde, alpha, power);

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Error!.FieldErrors, error => error.Field == field);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.05, "baselineMean")]
    [InlineData(10.0, 0.0, 0.05, "variance")]
    [InlineData(10.0, 1.0, 0.0, "relativeMde")]
    public void Impossible_mean_inputs_are_validation_errors_naming_the_field(double baselineMean, double variance, double relativeMde, string field)
    {
        var result = SampleSize.PerArmForMeans(baselineMean, variance, relativeMde);

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Error!.FieldErrors, error => error.Field == field);
    }
}
