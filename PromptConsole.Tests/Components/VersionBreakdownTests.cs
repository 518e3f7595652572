using PromptConsole.Domain.Execution;
using PromptConsole.Web.Model;
using static PromptConsole.Tests.Components.MetricsWindows;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components;

/// <summary>The prompt page's table and which versions it charts.</summary>
public class VersionBreakdownTests
{
    [Fact]
    public void One_row_per_version_arm_and_model_newest_version_first()
    {
        var window = Seconds(
        [
            .. Repeat(6, Observation(Key(version: 1), latencyMs: 100, costUsd: 0.001m)),
            .. Repeat(2, Observation(Key(version: 2, arm: "canary"), latencyMs: 200, costUsd: 0.002m)),
            Observation(Key(version: 2, arm: "canary"), outcome: ExecutionOutcome.OutputRejected, errorType: "output_check_failed", feedback: 1),
            Observation(Key(version: 2), feedback: 5, automated: 0.75),
        ]);

        var rows = VersionBreakdown.Rows(window);

        Assert.Equal([(2, null), (2, "canary"), (1, null)], rows.Select(r => (r.Version, r.RouteArm)));
        var canary = rows[1];
        Assert.Equal(3, canary.Executions);
        Assert.Equal(0.3, canary.Share, 12);
        Assert.Equal(1 / 3.0, canary.ErrorRate!.Value, 12);
        Assert.Equal(0.005m, canary.CostUsd);
        Assert.Equal(new QualitySummary(1, 1), canary.Feedback);
        Assert.Equal(new QualitySummary(0.75, 1), rows[0].Automated);
        Assert.Equal(100, rows[2].P99LatencyMs!.Value, 1);
        Assert.Equal("gpt-4o-mini", rows[2].Model);
    }

    [Fact]
    public void A_fallback_model_gets_a_row_of_its_own()
    {
        var window = Seconds([Observation(Key(version: 4)), Observation(Key(version: 4, model: "claude-haiku"), fallback: true)]);

        Assert.Equal(["claude-haiku", "gpt-4o-mini"], VersionBreakdown.Rows(window).Select(r => r.Model));
    }

    [Fact]
    public void The_most_used_versions_are_charted_oldest_first()
    {
        var window = Seconds(
        [
            .. Repeat(5, Observation(Key(version: 1))),
            .. Repeat(1, Observation(Key(version: 2))),
            .. Repeat(9, Observation(Key(version: 3))),
            .. Repeat(5, Observation(Key(version: 4, model: "claude-haiku"))),
        ]);

        Assert.Equal([1, 3, 4], VersionBreakdown.ChartedVersions(window, 3));
        // v1 and v4 tie on five executions: the newer one is kept.
        Assert.Equal([3, 4], VersionBreakdown.ChartedVersions(window, 2));
        Assert.Equal([1, 2, 3, 4], VersionBreakdown.ChartedVersions(window, 10));
        Assert.Equal(4, VersionBreakdown.VersionCount(window));
    }

    [Fact]
    public void A_version_with_only_scores_in_the_range_is_still_charted()
    {
        var stats = new PromptConsole.Domain.Metrics.ExecutionStats();
        stats.AddQualityScore(PromptConsole.Domain.Metrics.QualitySource.Feedback, 4);
        var window = Seconds(Repeat(2, Observation(Key(version: 1)))) with
        {
            BySeries = new Dictionary<PromptConsole.Domain.Metrics.MetricSeriesKey, PromptConsole.Domain.Metrics.ExecutionStats>
            {
                [Key(version: 1)] = Seconds(Repeat(2, Observation(Key(version: 1)))).Total,
                [Key(version: 2)] = stats,
            },
        };

        Assert.Equal([1, 2], VersionBreakdown.ChartedVersions(window, 6));
        Assert.Equal(0, VersionBreakdown.Rows(window).Single(r => r.Version == 2).Executions);
    }
}
