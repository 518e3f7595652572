using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Domain.Slos;
using static PromptConsole.Tests.Domain.Metrics.MetricsTestData;

namespace PromptConsole.Tests.Domain.Slos;

public sealed class SloEventsTests
{
    private static SloDefinition Slo(SloIndicator indicator, double? latencyMs = null, double? quality = null) =>
        new(Guid.NewGuid(), "slo", "summarize", indicator, 99, 30, latencyMs, quality);

    private static ExecutionStats Planted()
    {
        var stats = new ExecutionStats();
        stats.Add(Observation(latencyMs: 100, feedback: 5));
        stats.Add(Observation(latencyMs: 200, automated: 0.9));
        stats.Add(Observation(latencyMs: 900, automated: 0.5));
        stats.Add(Observation(outcome: ExecutionOutcome.ProviderFailed, latencyMs: 3000));
        stats.Add(Observation(outcome: ExecutionOutcome.OutputRejected, latencyMs: 1500));
        stats.Add(Observation(outcome: ExecutionOutcome.Cancelled, latencyMs: 5000));
        stats.AddQualityScore(QualitySource.Feedback, 2);
        return stats;
    }

    /// <summary>case, the SLO, events, bad events.</summary>
    public static TheoryData<string, SloDefinition, long, long> Cases => new()
    {
        { "availability leaves cancellations out and counts rejections and provider failures as bad", Slo(SloIndicator.Availability), 5, 2 },
        { "latency counts every execution, bad at or above the threshold", Slo(SloIndicator.Latency, latencyMs: 1000), 6, 3 },
        { "latency threshold above every execution", Slo(SloIndicator.Latency, latencyMs: 10_000), 6, 0 },
        { "latency threshold at the fastest execution: nothing is under it", Slo(SloIndicator.Latency, latencyMs: 100), 6, 6 },
        // Scores on the 0..1 scale: feedback 5 → 1, 2 → 0.25; automated 0.9 and 0.5.
        { "quality counts feedback and automated scores", Slo(SloIndicator.Quality, quality: 0.75), 4, 2 },
        { "quality threshold 0: nothing is bad", Slo(SloIndicator.Quality, quality: 0), 4, 0 },
        { "quality threshold equal to a score counts it good", Slo(SloIndicator.Quality, quality: 0.5), 4, 1 },
        { "quality threshold 1: only perfect scores are good", Slo(SloIndicator.Quality, quality: 1), 4, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_indicator_counts_its_events(string rule, SloDefinition slo, long events, long bad)
    {
        var counted = SloEvents.Of(slo, Planted());

        Assert.True((events, bad) == (counted.Events, counted.BadEvents), $"{rule}: expected {events}/{bad}, got {counted.Events}/{counted.BadEvents}");
    }

    [Fact]
    public void The_sli_is_the_good_share_and_null_without_events()
    {
        Assert.Equal(0.6, SloEvents.Of(Slo(SloIndicator.Availability), Planted()).Sli!.Value, 12);
        Assert.Null(SloEvents.Of(Slo(SloIndicator.Availability), new ExecutionStats()).Sli);
    }
}
