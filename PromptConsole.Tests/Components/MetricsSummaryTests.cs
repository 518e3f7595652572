using PromptConsole.Domain.Execution;
using PromptConsole.Web.Model;
using static PromptConsole.Tests.Components.MetricsWindows;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Components;

/// <summary>The headline figures of a window, case by case from windows whose answers are known.</summary>
public class MetricsSummaryTests
{
    [Fact]
    public void Rates_divide_by_the_time_the_points_cover()
    {
        // 60 one-minute points, 120 executions in all: 2 a minute, 1/30 a second.
        var points = Enumerable.Range(0, 60).Select(i => Repeat(2, Observation(costUsd: 0.01m))).ToArray();
        var summary = MetricsSummary.Of(Of(TimeSpan.FromMinutes(1), null, points));

        Assert.Equal(TimeSpan.FromHours(1), summary.Covered);
        Assert.Equal(120, summary.Executions);
        Assert.Equal(120 / 3600.0, summary.RequestsPerSecond, 12);
        Assert.Equal(1.20m, summary.CostUsd);
        Assert.Equal(0.02m, summary.CostPerMinuteUsd);
    }

    [Fact]
    public void A_window_that_ends_early_in_its_last_point_covers_only_the_time_elapsed()
    {
        // Two full one-minute points and 15 s of the third: 2 min 15 s.
        var window = Of(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15), Repeat(30, Observation()), Repeat(30, Observation()), Repeat(75, Observation()));
        var summary = MetricsSummary.Of(window);

        Assert.Equal(TimeSpan.FromSeconds(135), summary.Covered);
        Assert.Equal(135 / 135.0, summary.RequestsPerSecond, 12);
    }

    [Fact]
    public void The_projected_daily_cost_is_the_range_cost_rate_held_for_24_hours()
    {
        // $0.30 over 15 minutes: $0.02 a minute, $28.80 a day.
        var points = Enumerable.Range(0, 900).Select(i => i % 100 == 0 ? [Observation(costUsd: 0.0333333333m)] : None).ToArray();
        var window = Seconds(points);
        var summary = MetricsSummary.Of(window);

        Assert.Equal(9 * 0.0333333333m, summary.CostUsd);
        Assert.Equal(summary.CostUsd * 60 / 900, summary.CostPerMinuteUsd);
        Assert.Equal(summary.CostPerMinuteUsd * 24 * 60, summary.ProjectedCostPerDayUsd, 20);
        Assert.Equal(28.80m, Math.Round(summary.ProjectedCostPerDayUsd, 2));
    }

    [Fact]
    public void Error_rate_leaves_cancellations_out_and_errors_are_listed_by_type_most_frequent_first()
    {
        var window = Seconds(
        [
            .. Repeat(5, Observation()),
            .. Repeat(2, Observation(outcome: ExecutionOutcome.Cancelled)),
            .. Repeat(3, Observation(outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout")),
            Observation(outcome: ExecutionOutcome.OutputRejected, errorType: "output_check_failed"),
            Observation(outcome: ExecutionOutcome.ProviderFailed, errorType: "rate_limited"),
        ]);
        var summary = MetricsSummary.Of(window);

        Assert.Equal(12, summary.Executions);
        Assert.Equal(5, summary.Errors);
        Assert.Equal(2, summary.Cancelled);
        Assert.Equal(5 / 10.0, summary.ErrorRate);
        Assert.Equal(["timeout", "output_check_failed", "rate_limited"], summary.ErrorsByType.Select(e => e.ErrorType));
        Assert.Equal([3L, 1L, 1L], summary.ErrorsByType.Select(e => e.Count));
        Assert.Equal(0.6, summary.ErrorsByType[0].Share, 12);
    }

    [Fact]
    public void Cache_hit_rate_counts_exact_and_semantic_hits_and_every_level_is_listed()
    {
        var window = Seconds(
        [
            .. Repeat(6, Observation(cache: CacheLevel.Miss)),
            .. Repeat(3, Observation(cache: CacheLevel.Exact)),
            Observation(cache: CacheLevel.Semantic),
        ]);
        var summary = MetricsSummary.Of(window);

        Assert.Equal(0.4, summary.CacheHitRate);
        Assert.Equal(["miss", "exact", "semantic", "coalesced"], summary.CacheLevels.Select(l => l.Name));
        Assert.Equal([6L, 3L, 1L, 0L], summary.CacheLevels.Select(l => l.Count));
        Assert.Equal([0.6, 0.3, 0.1, 0], summary.CacheLevels.Select(l => l.Share!.Value));
    }

    [Fact]
    public void Quality_averages_keep_feedback_and_automated_scores_apart_with_their_counts()
    {
        var window = Seconds(
        [
            Observation(feedback: 5),
            Observation(feedback: 2),
            Observation(automated: 0.5),
            Observation(automated: 0.9),
            Observation(automated: 0.7),
            Observation(),
        ]);
        var summary = MetricsSummary.Of(window);

        Assert.Equal(new QualitySummary(3.5, 2), summary.Feedback);
        Assert.Equal(3, summary.Automated.Count);
        Assert.Equal(0.7, summary.Automated.Average!.Value, 12);
    }

    [Fact]
    public void Tokens_and_latency_quantiles_come_from_the_whole_window()
    {
        var window = Seconds(
            Enumerable.Range(1, 100).Select(ms => Observation(latencyMs: ms, inputTokens: 10, outputTokens: 30)).ToArray(),
            None);
        var summary = MetricsSummary.Of(window);

        Assert.Equal(1_000, summary.InputTokens);
        Assert.Equal(3_000, summary.OutputTokens);
        // The histogram promises 1 % relative accuracy on the value at rank ⌊q·(n−1)⌋.
        Assert.Equal(50, summary.P50LatencyMs!.Value, 50 * 0.01);
        Assert.Equal(95, summary.P95LatencyMs!.Value, 95 * 0.01);
        Assert.Equal(99, summary.P99LatencyMs!.Value, 99 * 0.01);
    }

    [Fact]
    public void Top_prompts_merge_versions_and_models_and_rank_by_traffic_or_cost()
    {
        var window = Seconds(
        [
            .. Repeat(4, Observation(Key("alpha", 1), costUsd: 0.001m)),
            .. Repeat(2, Observation(Key("alpha", 2, model: "claude-haiku"), costUsd: 0.001m)),
            .. Repeat(6, Observation(Key("beta"), costUsd: 0.0005m)),
            .. Repeat(3, Observation(Key("gamma"), costUsd: 0.01m, outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout")),
            .. Repeat(3, Observation(Key("delta"), costUsd: 0m)),
        ]);
        var summary = MetricsSummary.Of(window, top: 3);

        // alpha and beta tie on 6 executions and go by key; gamma and delta tie on 3.
        Assert.Equal(["alpha", "beta", "delta"], summary.TopByTraffic.Select(p => p.PromptKey));
        Assert.Equal([6L, 6L, 3L], summary.TopByTraffic.Select(p => p.Executions));
        Assert.Equal(6 / 18.0, summary.TopByTraffic[0].Share, 12);
        Assert.Equal(4, summary.PromptCount);

        // delta cost nothing and is left out of the cost ranking.
        Assert.Equal(["gamma", "alpha", "beta"], summary.TopByCost.Select(p => p.PromptKey));
        Assert.Equal([0.03m, 0.006m, 0.003m], summary.TopByCost.Select(p => p.CostUsd));
        Assert.Equal((double)(0.03m / 0.039m), summary.TopByCost[0].CostShare!.Value, 12);
        Assert.Equal(1.0, summary.TopByCost[0].ErrorRate);
    }

    [Fact]
    public void Prompts_ranked_by_how_many_scores_they_have_leave_unscored_prompts_out()
    {
        var window = Seconds(
        [
            Observation(Key("alpha"), feedback: 4),
            Observation(Key("beta"), feedback: 5),
            Observation(Key("beta"), automated: 0.8),
            Observation(Key("gamma")),
        ]);
        var summary = MetricsSummary.Of(window);

        Assert.Equal(["beta", "alpha"], summary.TopByQualityCount.Select(p => p.PromptKey));
        Assert.Equal(new QualitySummary(5, 1), summary.TopByQualityCount[0].Feedback);
        Assert.Equal(new QualitySummary(0.8, 1), summary.TopByQualityCount[0].Automated);
    }

    [Fact]
    public void An_empty_window_is_empty_with_nothing_to_measure_rather_than_zeros()
    {
        var summary = MetricsSummary.Of(Seconds(None, None, None));

        Assert.True(summary.IsEmpty);
        Assert.Equal(0, summary.Executions);
        Assert.Equal(0, summary.RequestsPerSecond);
        Assert.Null(summary.P50LatencyMs);
        Assert.Null(summary.P99LatencyMs);
        Assert.Null(summary.ErrorRate);
        Assert.Null(summary.CacheHitRate);
        Assert.Equal(0m, summary.ProjectedCostPerDayUsd);
        Assert.Empty(summary.TopByTraffic);
        Assert.Empty(summary.ErrorsByType);
        Assert.All(summary.CacheLevels, level => Assert.Null(level.Share));
    }
}
