using PromptConsole.Domain.Slos;

namespace PromptConsole.Tests.Domain.Slos;

public sealed class ErrorBudgetTests
{
    /// <summary>case, events, bad events, objective (ratio), budget remaining.</summary>
    public static TheoryData<string, long, long, double, double> Remaining => new()
    {
        { "no events spend nothing", 0, 0, 0.995, 1 },
        { "no bad events", 1000, 0, 0.995, 1 },
        { "half the budget", 1000, 5, 0.99, 0.5 },
        { "a quarter spent", 10_000, 25, 0.99, 0.75 },
        { "exactly the budget", 1000, 5, 0.995, 0 },
        { "overspent goes below 0", 300, 12, 0.99, -3 },
        { "everything bad", 100, 100, 0.9, -9 },
        { "99.9 % objective, one bad in 2000", 2000, 1, 0.999, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Remaining))]
    public void Budget_remaining_is_one_minus_bad_over_allowed(string rule, long events, long bad, double objective, double expected)
    {
        Assert.True(Math.Abs(expected - ErrorBudget.Remaining(events, bad, objective)) < 1e-9, rule);
    }

    /// <summary>case, events, bad events, objective, burn rate (null: no events).</summary>
    public static TheoryData<string, long, long, double, double?> BurnRates => new()
    {
        { "no events: no burn rate", 0, 0, 0.999, null },
        { "no bad events", 100, 0, 0.999, 0 },
        { "exactly the budget's pace", 1000, 1, 0.999, 1 },
        { "twenty times the pace", 1000, 20, 0.999, 20 },
        { "the fast page threshold", 1000, 72, 0.995, 14.4 },
        { "everything bad", 50, 50, 0.99, 100 },
    };

    [Theory]
    [MemberData(nameof(BurnRates))]
    public void Burn_rate_is_the_bad_ratio_over_the_budget(string rule, long events, long bad, double objective, double? expected)
    {
        var burn = ErrorBudget.BurnRate(events, bad, objective);

        if (expected is null)
            Assert.Null(burn);
        else
            Assert.True(burn is { } b && Math.Abs(b - expected.Value) < 1e-9, $"{rule}: {burn}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(99.5)]
    [InlineData(double.NaN)]
    public void An_objective_outside_0_1_is_a_caller_bug(double objective)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.Remaining(10, 1, objective));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBudget.BurnRate(10, 1, objective));
    }
}
