using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Tests.Domain.Rollouts;

/// <summary>Recovered when after ≤ max(before / 2, floor of 2 %); no executions after: no traffic.</summary>
public sealed class RecoveryAssessmentTests
{
    [Theory]
    [InlineData("errors gone", 100, 0.40, 200, 0.0, "recovered")]
    [InlineData("halved exactly", 100, 0.40, 200, 0.20, "recovered")]
    [InlineData("down but not by half", 100, 0.40, 200, 0.25, "not-recovered")]
    [InlineData("no better", 100, 0.40, 200, 0.40, "not-recovered")]
    [InlineData("worse", 100, 0.10, 200, 0.30, "not-recovered")]
    [InlineData("a low rate before: the floor decides, 1.5 % is fine", 100, 0.02, 200, 0.015, "recovered")]
    [InlineData("a low rate before: at the floor is fine", 100, 0.03, 200, 0.02, "recovered")]
    [InlineData("a low rate before: above the floor is not", 100, 0.03, 200, 0.025, "not-recovered")]
    [InlineData("no data before: the floor decides", 0, 0.0, 50, 0.01, "recovered")]
    [InlineData("no data before and errors after", 0, 0.0, 50, 0.10, "not-recovered")]
    [InlineData("no traffic after", 100, 0.40, 0, 0.0, "no-traffic")]
    [InlineData("no traffic before or after", 0, 0.0, 0, 0.0, "no-traffic")]
    public void Judges_whether_the_error_rate_came_back_down(string rule, long before, double beforeRate, long after, double afterRate, string expected)
    {
        var verdict = RecoveryAssessment.Assess(new ErrorRateSample(before, beforeRate), new ErrorRateSample(after, afterRate));

        Assert.True(expected == verdict.State, $"{rule}: expected {expected}, got {verdict.State} ({verdict.Reason})");
    }

    [Fact]
    public void The_reason_gives_the_figures_and_the_threshold()
    {
        var verdict = RecoveryAssessment.Assess(new ErrorRateSample(40, 1.0), new ErrorRateSample(30, 0.0));

        Assert.Equal("error rate 100 % → 0 % over 30 executions, at or below 50 %", verdict.Reason);
        Assert.Equal("no executions after the rollback (error rate before: 100 %)",
            RecoveryAssessment.Assess(new ErrorRateSample(40, 1.0), new ErrorRateSample(0, 0)).Reason);
    }

    [Theory]
    [InlineData(0.40, 0.02, 0.20)]
    [InlineData(0.02, 0.02, 0.02)]
    [InlineData(0.10, 0.10, 0.10)]
    public void The_threshold_is_half_the_rate_before_or_the_floor(double before, double floor, double expected) =>
        Assert.Equal(expected, RecoveryAssessment.Threshold(new ErrorRateSample(10, before), floor), 9);
}
