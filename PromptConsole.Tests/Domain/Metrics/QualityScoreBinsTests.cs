using System.Text.Json;
using PromptConsole.Domain.Metrics;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class QualityScoreBinsTests
{
    /// <summary>case, source, raw score, the 0..1 bin it lands in.</summary>
    public static TheoryData<string, QualitySource, double, int> Bins => new()
    {
        { "feedback 1 is the bottom", QualitySource.Feedback, 1, 0 },
        { "feedback 2 is a quarter", QualitySource.Feedback, 2, 25 },
        { "feedback 3 is half", QualitySource.Feedback, 3, 50 },
        { "feedback 4 is three quarters", QualitySource.Feedback, 4, 75 },
        { "feedback 5 is the top", QualitySource.Feedback, 5, 100 },
        { "automated 0", QualitySource.Automated, 0, 0 },
        { "automated 1 has a bin of its own", QualitySource.Automated, 1, 100 },
        { "automated 0.29 despite binary floating point", QualitySource.Automated, 0.29, 29 },
        { "automated 0.7", QualitySource.Automated, 0.7, 70 },
        { "automated 0.999 stays below 1", QualitySource.Automated, 0.999, 99 },
        { "automated above 1 is clamped", QualitySource.Automated, 1.7, 100 },
        { "automated below 0 is clamped", QualitySource.Automated, -0.2, 0 },
    };

    [Theory]
    [MemberData(nameof(Bins))]
    public void Scores_land_in_their_hundredth(string rule, QualitySource source, double score, int bin)
    {
        var bins = new QualityScoreBins();
        bins.Add(source, score);

        Assert.True(bins.CountOfBin(bin) == 1, $"{rule}: not in bin {bin}");
        Assert.Equal(1, bins.Total);
    }

    /// <summary>case, threshold, how many of 0, 0.25, 0.5, 0.7, 0.75, 0.8, 0.805, 1 are at or above it.</summary>
    public static TheoryData<string, double, long> Thresholds => new()
    {
        { "0 takes everything", 0, 8 },
        { "below 0 takes everything", -1, 8 },
        { "a score equal to the threshold counts", 0.75, 4 },
        { "0.7 exactly despite binary floating point", 0.7, 5 },
        { "between bins counts from the next bin up", 0.801, 1 },
        { "0.8 takes 0.8 and 0.805 (same bin)", 0.8, 3 },
        { "1 takes only perfect scores", 1, 1 },
        { "above 1 takes nothing", 1.01, 0 },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Scores_at_or_above_a_threshold_are_counted(string rule, double threshold, long expected)
    {
        var stats = new ExecutionStats();
        foreach (var score in new[] { 0, 0.25, 0.5, 0.7, 0.75, 0.8, 0.805, 1 })
            stats.AddQualityScore(QualitySource.Automated, score);

        Assert.True(expected == stats.QualityScoresAtOrAbove(threshold), $"{rule}: got {stats.QualityScoresAtOrAbove(threshold)}");
        Assert.Equal(8, stats.QualityScoresTotal);
    }

    [Fact]
    public void Feedback_and_automated_scores_share_one_scale()
    {
        var stats = new ExecutionStats();
        stats.Add(Observation(feedback: 4, automated: 0.6));
        stats.AddQualityScore(QualitySource.Feedback, 3);
        stats.AddQualityScore(QualitySource.Automated, 0.9);

        // 0.75, 0.6, 0.5, 0.9 on the 0..1 scale.
        Assert.Equal(4, stats.QualityScoresTotal);
        Assert.Equal(2, stats.QualityScoresAtOrAbove(0.75));
        Assert.Equal(3, stats.QualityScoresAtOrAbove(0.55));
    }

    [Fact]
    public void Merged_bins_equal_binning_everything_at_once()
    {
        var observations = RandomObservations(400, 11).Select((o, i) => o with { FeedbackScore = i % 3 == 0 ? 1 + i % 5 : null, AutomatedQualityScore = i % 2 == 0 ? (i % 101) / 100d : null }).ToArray();
        var all = new ExecutionStats();
        var left = new ExecutionStats();
        var right = new ExecutionStats();
        for (var i = 0; i < observations.Length; i++)
        {
            all.Add(observations[i]);
            (i % 2 == 0 ? left : right).Add(observations[i]);
        }

        left.Merge(right);

        Assert.Equal(all.QualityScores.ToSnapshot(), left.QualityScores.ToSnapshot());
        Assert.Equal(all.QualityScoresTotal, left.QualityScoresTotal);
        Assert.Equal(all.FeedbackQuality.Count + all.AutomatedQuality.Count, all.QualityScoresTotal);
        foreach (var threshold in new[] { 0.1, 0.33, 0.5, 0.75, 0.99 })
            Assert.Equal(all.QualityScoresAtOrAbove(threshold), left.QualityScoresAtOrAbove(threshold));
    }

    [Fact]
    public void Merging_bins_into_themselves_doubles_them()
    {
        var stats = new ExecutionStats();
        stats.AddQualityScore(QualitySource.Feedback, 5);
        stats.AddQualityScore(QualitySource.Automated, 0.3);

        stats.Merge(stats);

        Assert.Equal(4, stats.QualityScoresTotal);
        Assert.Equal(2, stats.QualityScoresAtOrAbove(1));
    }

    [Fact]
    public void The_bins_survive_the_snapshot_and_its_JSON()
    {
        var stats = new ExecutionStats();
        stats.Add(Observation(feedback: 2, automated: 0.42));
        stats.AddQualityScore(QualitySource.Automated, 0.42);

        var json = JsonSerializer.Serialize(stats.ToSnapshot(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var rebuilt = ExecutionStats.FromSnapshot(JsonSerializer.Deserialize<ExecutionStatsSnapshot>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!);

        Assert.True(rebuilt.IsSuccess);
        Assert.Equal([new QualityBin(25, 1), new QualityBin(42, 2)], rebuilt.Value.QualityScores.ToSnapshot());
        Assert.Equal(3, rebuilt.Value.QualityScoresTotal);
    }

    [Fact]
    public void A_rollup_written_before_the_bins_loads_with_no_binned_scores()
    {
        var stats = new ExecutionStats();
        stats.Add(Observation(feedback: 5));
        var json = JsonSerializer.Serialize(stats.ToSnapshot(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var before = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(before.Remove("qualityBins"));

        var rebuilt = ExecutionStats.FromSnapshot(before.Deserialize<ExecutionStatsSnapshot>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!);

        Assert.True(rebuilt.IsSuccess);
        Assert.Equal(1, rebuilt.Value.FeedbackQuality.Count);
        Assert.Equal(0, rebuilt.Value.QualityScoresTotal);
    }

    public static TheoryData<string, IReadOnlyList<QualityBin>> DamagedBins => new()
    {
        { "bin above 100", [new QualityBin(101, 1)] },
        { "negative bin", [new QualityBin(-1, 1)] },
        { "empty bin", [new QualityBin(10, 0)] },
        { "repeated bin", [new QualityBin(10, 1), new QualityBin(10, 1)] },
        { "more binned scores than tallied", [new QualityBin(10, 5)] },
    };

    [Theory]
    [MemberData(nameof(DamagedBins))]
    public void Damaged_bins_are_refused(string rule, IReadOnlyList<QualityBin> bins)
    {
        var stats = new ExecutionStats();
        stats.AddQualityScore(QualitySource.Automated, 0.1);
        stats.AddQualityScore(QualitySource.Automated, 0.2);

        var rebuilt = ExecutionStats.FromSnapshot(stats.ToSnapshot() with { QualityBins = bins });

        Assert.False(rebuilt.IsSuccess, rule);
        Assert.Equal("qualityBins", Assert.Single(rebuilt.Error!.FieldErrors).Field);
    }
}
