using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class ExecutionStatsTests
{
    [Fact]
    public void An_observation_is_taken_from_a_completed_record()
    {
        var record = new ExecutionRecord(Guid.NewGuid(), DateTimeOffset.UnixEpoch, "summarize", 3, "experiment", "exp-1", "b", "user-9");
        record.Complete(ExecutionOutcome.OutputRejected, "claude-haiku", false, "output_check", 812.5, 2, 120, 45, 0.0042m, "in-hash", "out-hash", null);
        record.ServedFromCache(CacheLevel.Semantic);
        record.RecordFeedback(4, DateTimeOffset.UnixEpoch.AddMinutes(1));

        var observation = ExecutionObservation.FromRecord(record, answeredByFallback: true, automatedQualityScore: 0.8);

        // An experiment arm is keyed per experiment (MetricSeriesKey.Of): arm names repeat across experiments.
        Assert.Equal(new MetricSeriesKey("summarize", 3, "exp-1/b", "claude-haiku"), observation.Key);
        Assert.Equal(ExecutionOutcome.OutputRejected, observation.Outcome);
        Assert.Equal("output_check", observation.ErrorType);
        Assert.Equal(812.5, observation.LatencyMs);
        Assert.Equal((120, 45), (observation.InputTokens, observation.OutputTokens));
        Assert.Equal(0.0042m, observation.CostUsd);
        Assert.Equal(CacheLevel.Semantic, observation.Cache);
        Assert.Equal(2, observation.Attempts);
        Assert.True(observation.AnsweredByFallback);
        Assert.Equal(4, observation.FeedbackScore);
        Assert.Equal(0.8, observation.AutomatedQualityScore);
    }

    [Theory]
    [InlineData("summarize", 1, null, "m", "summarize", 1, null, "m", true)]
    [InlineData("summarize", 1, "a", "m", "summarize", 1, "a", "m", true)]
    [InlineData("summarize", 1, "a", "m", "summarize", 1, "b", "m", false)]
    [InlineData("summarize", 1, null, "m", "summarize", 1, "a", "m", false)]
    [InlineData("summarize", 1, null, "m", "summarize", 2, null, "m", false)]
    [InlineData("summarize", 1, null, "m", "classify", 1, null, "m", false)]
    [InlineData("summarize", 1, null, "m", "summarize", 1, null, "n", false)]
    public void Series_keys_are_equal_when_all_their_parts_are(string p1, int v1, string? a1, string m1, string p2, int v2, string? a2, string m2, bool equal)
    {
        var first = new MetricSeriesKey(p1, v1, a1, m1);
        var second = new MetricSeriesKey(p2, v2, a2, m2);

        Assert.Equal(equal, first == second);
        Assert.Equal(equal, first.GetHashCode() == second.GetHashCode() && first.Equals(second));
    }

    [Fact]
    public void Adding_observations_counts_each_dimension()
    {
        var stats = new ExecutionStats();
        stats.Add(Observation(latencyMs: 100, inputTokens: 10, outputTokens: 5, costUsd: 0.01m, attempts: 1, feedback: 5));
        stats.Add(Observation(outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout", latencyMs: 3000, inputTokens: 10, outputTokens: 0, costUsd: 0m, attempts: 3, fallback: true));
        stats.Add(Observation(outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout", latencyMs: 2500, attempts: 2));
        stats.Add(Observation(cache: CacheLevel.Exact, latencyMs: 2, inputTokens: 0, outputTokens: 0, costUsd: 0m, attempts: 0, automated: 0.5));

        Assert.Equal(4, stats.Count);
        Assert.Equal(2, stats.CountOf(ExecutionOutcome.Success));
        Assert.Equal(2, stats.CountOf(ExecutionOutcome.ProviderFailed));
        Assert.Equal(0, stats.CountOf(ExecutionOutcome.Cancelled));
        Assert.Equal(2, stats.CountOfErrorType("timeout"));
        Assert.Single(stats.ErrorTypes);
        Assert.Equal(3, stats.CountOf(CacheLevel.Miss));
        Assert.Equal(1, stats.CountOf(CacheLevel.Exact));
        Assert.Equal(30, stats.InputTokens);
        Assert.Equal(25, stats.OutputTokens);
        Assert.Equal(0.011m, stats.CostUsd);
        Assert.Equal(3, stats.Retries);
        Assert.Equal(1, stats.Fallbacks);
        Assert.Equal(new QualityTally(5, 1), stats.FeedbackQuality);
        Assert.Equal(new QualityTally(0.5, 1), stats.AutomatedQuality);
        Assert.Equal(4, stats.LatencyMs.Count);
        Assert.Equal(3000, stats.LatencyMs.Max);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, null)]
    [InlineData(10, 0, 0, 0, 0.0)]
    [InlineData(9, 1, 0, 0, 0.1)]
    [InlineData(6, 2, 2, 0, 0.4)]
    [InlineData(8, 1, 1, 10, 0.2)]
    [InlineData(0, 0, 0, 5, null)]
    [InlineData(0, 3, 1, 0, 1.0)]
    public void The_error_rate_counts_rejections_and_provider_failures_but_not_cancellations(int successes, int rejected, int failed, int cancelled, double? expected)
    {
        var stats = new ExecutionStats();
        AddMany(stats, successes, Observation());
        AddMany(stats, rejected, Observation(outcome: ExecutionOutcome.OutputRejected));
        AddMany(stats, failed, Observation(outcome: ExecutionOutcome.ProviderFailed));
        AddMany(stats, cancelled, Observation(outcome: ExecutionOutcome.Cancelled));

        AssertRate(expected, stats.ErrorRate());
    }

    [Theory]
    [InlineData(0, 0, 0, null)]
    [InlineData(4, 0, 0, 0.0)]
    [InlineData(3, 1, 0, 0.25)]
    [InlineData(2, 1, 1, 0.5)]
    [InlineData(0, 2, 3, 1.0)]
    public void The_cache_hit_rate_counts_exact_and_semantic_hits(int misses, int exact, int semantic, double? expected)
    {
        var stats = new ExecutionStats();
        AddMany(stats, misses, Observation(cache: CacheLevel.Miss));
        AddMany(stats, exact, Observation(cache: CacheLevel.Exact));
        AddMany(stats, semantic, Observation(cache: CacheLevel.Semantic));

        AssertRate(expected, stats.CacheHitRate());
    }

    [Fact]
    public void Feedback_and_automated_quality_are_averaged_apart()
    {
        var stats = new ExecutionStats();
        Assert.Null(stats.AverageQuality(QualitySource.Feedback));
        Assert.Null(stats.AverageQuality(QualitySource.Automated));

        stats.Add(Observation(feedback: 5, automated: 0.9));
        stats.Add(Observation(feedback: 2));
        stats.Add(Observation());
        stats.AddQualityScore(QualitySource.Feedback, 2);
        stats.AddQualityScore(QualitySource.Automated, 0.3);

        Assert.Equal(3, stats.AverageQuality(QualitySource.Feedback));
        Assert.Equal(0.6, stats.AverageQuality(QualitySource.Automated)!.Value, 1e-12);
        Assert.Equal(3, stats.Count);
    }

    [Fact]
    public void Fallback_rate_and_average_cost_are_per_execution()
    {
        var stats = new ExecutionStats();
        Assert.Null(stats.FallbackRate());
        Assert.Null(stats.AverageCostUsd());

        stats.Add(Observation(fallback: true, costUsd: 0.03m));
        stats.Add(Observation(costUsd: 0.01m));
        stats.Add(Observation(costUsd: 0.02m));
        stats.Add(Observation(costUsd: 0m));

        Assert.Equal(0.25, stats.FallbackRate());
        Assert.Equal(0.015m, stats.AverageCostUsd());
    }

    [Theory]
    [InlineData(2, 11)]
    [InlineData(3, 23)]
    [InlineData(5, 31)]
    public void Merging_instances_equals_aggregating_the_union_of_their_observations(int instances, int seed)
    {
        var observations = RandomObservations(2_000, seed);
        var random = new Random(seed);
        var perInstance = Enumerable.Range(0, instances).Select(_ => new ExecutionStats()).ToArray();
        var union = new ExecutionStats();
        foreach (var observation in observations)
        {
            perInstance[random.Next(instances)].Add(observation);
            union.Add(observation);
        }

        var merged = new ExecutionStats();
        foreach (var stats in perInstance)
            Assert.True(merged.Merge(stats).IsSuccess);

        AssertSameStats(union, merged);
        Assert.Equal(union.ErrorRate(), merged.ErrorRate());
        Assert.Equal(union.CacheHitRate(), merged.CacheHitRate());
        Assert.Equal(union.LatencyMs.Quantile(0.99), merged.LatencyMs.Quantile(0.99));
    }

    [Fact]
    public void Merging_aggregates_with_different_latency_accuracy_is_refused_and_changes_nothing()
    {
        var target = new ExecutionStats(0.01);
        target.Add(Observation(feedback: 4));
        var other = new ExecutionStats(0.02);
        other.Add(Observation(outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout", feedback: 1));
        var before = target.Copy();

        var result = target.Merge(other);

        Assert.False(result.IsSuccess);
        Assert.Equal("histogram-accuracy-mismatch", result.Error!.Code);
        AssertSameStats(before, target);
    }

    [Fact]
    public void A_copy_is_independent_of_its_source()
    {
        var source = new ExecutionStats();
        source.Add(Observation());
        var copy = source.Copy();

        source.Add(Observation(outcome: ExecutionOutcome.ProviderFailed, errorType: "timeout"));

        Assert.Equal(1, copy.Count);
        Assert.Empty(copy.ErrorTypes);
        Assert.Equal(1, copy.LatencyMs.Count);
    }

    private static void AddMany(ExecutionStats stats, int times, ExecutionObservation observation)
    {
        for (var i = 0; i < times; i++)
            stats.Add(observation);
    }

    private static void AssertRate(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(99)]
    public void A_snapshot_rebuilds_the_same_aggregate(int seed)
    {
        var stats = new ExecutionStats();
        foreach (var observation in RandomObservations(500, seed))
            stats.Add(observation);
        stats.AddQualityScore(QualitySource.Feedback, 4);
        stats.AddQualityScore(QualitySource.Automated, 0.25);

        var rebuilt = ExecutionStats.FromSnapshot(stats.ToSnapshot());

        Assert.True(rebuilt.IsSuccess);
        Assert.Equal(stats.ToSnapshot().Latency.Buckets, rebuilt.Value.ToSnapshot().Latency.Buckets);
        Assert.Equal(stats.Outcomes.OrderBy(o => o.Key), rebuilt.Value.Outcomes.OrderBy(o => o.Key));
        Assert.Equal(stats.ErrorTypes.OrderBy(o => o.Key), rebuilt.Value.ErrorTypes.OrderBy(o => o.Key));
        Assert.Equal(stats.CacheLevels.OrderBy(o => o.Key), rebuilt.Value.CacheLevels.OrderBy(o => o.Key));
        Assert.Equal(
            (stats.Count, stats.InputTokens, stats.OutputTokens, stats.CostUsd, stats.Retries, stats.Fallbacks, stats.FeedbackQuality, stats.AutomatedQuality),
            (rebuilt.Value.Count, rebuilt.Value.InputTokens, rebuilt.Value.OutputTokens, rebuilt.Value.CostUsd, rebuilt.Value.Retries, rebuilt.Value.Fallbacks, rebuilt.Value.FeedbackQuality, rebuilt.Value.AutomatedQuality));
        Assert.Equal(stats.LatencyMs.Quantile(0.99), rebuilt.Value.LatencyMs.Quantile(0.99));
    }

    public static TheoryData<string, Func<ExecutionStatsSnapshot, ExecutionStatsSnapshot>> DamagedSnapshots => new()
    {
        { "count", s => s with { Count = s.Count + 1 } },
        { "outcomes", s => s with { Outcomes = new Dictionary<string, long>(s.Outcomes) { ["Exploded"] = 1 } } },
        { "cacheLevels", s => s with { CacheLevels = new Dictionary<string, long> { ["Warm"] = s.Count } } },
        { "errorTypes", s => s with { ErrorTypes = new Dictionary<string, long> { ["timeout"] = -1 } } },
        { "latency", s => s with { Latency = null! } },
    };

    [Theory]
    [MemberData(nameof(DamagedSnapshots))]
    public void A_damaged_snapshot_is_refused_naming_the_part(string field, Func<ExecutionStatsSnapshot, ExecutionStatsSnapshot> damage)
    {
        var stats = new ExecutionStats();
        foreach (var observation in RandomObservations(50, 3))
            stats.Add(observation);

        var rebuilt = ExecutionStats.FromSnapshot(damage(stats.ToSnapshot()));

        Assert.False(rebuilt.IsSuccess);
        Assert.Equal(field, Assert.Single(rebuilt.Error!.Fields!).Field);
    }
}
