using PromptConsole.Domain.GoldenSets;

namespace PromptConsole.Tests.Domain.GoldenSets;

public sealed class GoldenGatePolicyTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 19, 4, 0, TimeSpan.Zero);

    public static TheoryData<string, bool, int, GoldenRunOutcome?, bool> Cases => new()
    {
        { "no requirement, no cases, no run: allowed", false, 0, null, true },
        { "no requirement, cases never run: allowed", false, 3, null, true },
        { "no requirement, last run passed: allowed", false, 3, Run(passed: true), true },
        { "no requirement, last run failed: refused", false, 3, Run(passed: false), false },
        { "required, last run passed: allowed", true, 3, Run(passed: true), true },
        { "required, last run failed: refused", true, 3, Run(passed: false), false },
        { "required, cases never run: refused", true, 3, null, false },
        { "required, no cases at all: refused", true, 0, null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_whether_a_version_may_be_released(string rule, bool required, int caseCount, GoldenRunOutcome? lastRun, bool allowed)
    {
        var decision = GoldenGatePolicy.Decide(3, required, caseCount, lastRun);

        Assert.True(allowed == decision.Allowed, rule);
        Assert.Equal(allowed, decision.Refusal is null);
    }

    [Fact]
    public void Refusals_say_why()
    {
        Assert.Equal(
            "The last golden run of v3 (at 2026-12-02 19:04 UTC) failed 1 of 4 cases.",
            GoldenGatePolicy.Decide(3, false, 4, Run(passed: false)).Refusal);
        Assert.Equal(
            "v3 has no golden run; this prompt requires a passing one before release.",
            GoldenGatePolicy.Decide(3, true, 4, null).Refusal);
        Assert.Contains("has no cases", GoldenGatePolicy.Decide(3, true, 0, null).Refusal, StringComparison.Ordinal);
    }

    private static GoldenRunOutcome Run(bool passed) => new(3, passed, 4, passed ? 0 : 1, At);
}
