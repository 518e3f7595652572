using PromptConsole.Domain.Calibration;

namespace PromptConsole.Tests.Domain.Calibration;

/// <summary>The calibration rules case by case: the delta of a pair, the summary, the status and the daily trend.</summary>
public sealed class CalibrationTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, double, int, double> Deltas => new()
    {
        { "score 0 is one star: against 1, no delta", 0.0, 1, 0.0 },
        { "score 1 is five stars: against 5, no delta", 1.0, 5, 0.0 },
        { "score 0.5 is three stars: against 3, no delta", 0.5, 3, 0.0 },
        { "score 1 against 1 star: four stars too kind", 1.0, 1, 4.0 },
        { "score 0 against 5 stars: four stars too harsh", 0.0, 5, -4.0 },
        { "score 0.75 (four stars) against 3: one star too kind", 0.75, 3, 1.0 },
        { "score 0.6 (3.4 stars) against 4: 0.6 too harsh", 0.6, 4, -0.6 },
    };

    [Theory]
    [MemberData(nameof(Deltas))]
    public void The_delta_is_the_score_on_the_feedback_scale_minus_the_feedback(string name, double score, int feedback, double expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, CalibrationDelta.Of(score, feedback), 12);
        Assert.Equal(expected, new CalibrationPair(Day1, score, feedback).Delta, 12);
    }

    public static TheoryData<string, (double Score, int Feedback)[], long, double?, double?> Summaries => new()
    {
        { "no pairs: no means", [], 0, null, null },
        { "one exact pair", [(0.5, 3)], 1, 0.0, 0.0 },
        { "kind and harsh cancel in the mean, not in the absolute mean", [(1.0, 3), (0.0, 3)], 2, 0.0, 2.0 },
        { "always one star too kind", [(0.75, 3), (0.5, 2), (1.0, 4)], 3, 1.0, 1.0 },
        { "mixed", [(0.75, 3), (0.25, 3), (0.5, 3), (0.5, 4)], 4, -0.25, 0.75 },
    };

    [Theory]
    [MemberData(nameof(Summaries))]
    public void A_summary_counts_the_pairs_and_averages_their_deltas(string name, (double Score, int Feedback)[] pairs, long count, double? meanDelta, double? meanAbsolute)
    {
        Assert.NotNull(name);
        var summary = CalibrationSummary.Of(pairs.Select(p => new CalibrationPair(Day1, p.Score, p.Feedback)));
        Assert.Equal(count, summary.Pairs);
        AssertClose(meanDelta, summary.MeanDelta);
        AssertClose(meanAbsolute, summary.MeanAbsoluteDelta);

        var deltas = pairs.Select(p => CalibrationDelta.Of(p.Score, p.Feedback)).ToArray();
        var fromSums = CalibrationSummary.FromSums(deltas.Length, deltas.Sum(), deltas.Sum(Math.Abs));
        Assert.Equal(summary.Pairs, fromSums.Pairs);
        AssertClose(summary.MeanDelta, fromSums.MeanDelta);
        AssertClose(summary.MeanAbsoluteDelta, fromSums.MeanAbsoluteDelta);
    }

    public static TheoryData<string, long, double?, string> Statuses => new()
    {
        { "no pairs", 0, null, CalibrationStatus.InsufficientData },
        { "nine pairs, perfect: still too few", 9, 0.0, CalibrationStatus.InsufficientData },
        { "ten pairs, perfect", 10, 0.0, CalibrationStatus.WellCalibrated },
        { "just under half a star", 50, 0.499, CalibrationStatus.WellCalibrated },
        { "half a star: minor drift", 50, 0.5, CalibrationStatus.MinorDrift },
        { "just under a star", 50, 0.999, CalibrationStatus.MinorDrift },
        { "a whole star: significant", 50, 1.0, CalibrationStatus.SignificantDrift },
        { "four stars off", 50, 4.0, CalibrationStatus.SignificantDrift },
        { "nine pairs four stars off: still too few to say", 9, 4.0, CalibrationStatus.InsufficientData },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void The_status_follows_the_mean_absolute_delta_once_there_are_enough_pairs(string name, long pairs, double? meanAbsolute, string expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, CalibrationStatus.Of(new CalibrationSummary(pairs, 0, meanAbsolute)));
    }

    [Fact]
    public void Thresholds_can_be_set()
    {
        var strict = new CalibrationThresholds(3, 0.25, 0.5);
        Assert.Equal(CalibrationStatus.MinorDrift, CalibrationStatus.Of(new CalibrationSummary(3, 0, 0.3), strict));
        Assert.Equal(CalibrationStatus.SignificantDrift, CalibrationStatus.Of(new CalibrationSummary(3, 0, 0.5), strict));
    }

    public static TheoryData<string, string[], string?> Worst => new()
    {
        { "no evaluators", [], null },
        { "one well calibrated", [CalibrationStatus.WellCalibrated], CalibrationStatus.WellCalibrated },
        { "only too few", [CalibrationStatus.InsufficientData, CalibrationStatus.InsufficientData], CalibrationStatus.InsufficientData },
        { "too few does not hide a known status", [CalibrationStatus.InsufficientData, CalibrationStatus.WellCalibrated], CalibrationStatus.WellCalibrated },
        { "the worst drift wins", [CalibrationStatus.WellCalibrated, CalibrationStatus.SignificantDrift, CalibrationStatus.MinorDrift], CalibrationStatus.SignificantDrift },
        { "minor over well", [CalibrationStatus.MinorDrift, CalibrationStatus.WellCalibrated], CalibrationStatus.MinorDrift },
    };

    [Theory]
    [MemberData(nameof(Worst))]
    public void A_prompt_is_as_calibrated_as_its_worst_evaluator(string name, string[] statuses, string? expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, CalibrationStatus.Worst(statuses));
    }

    [Fact]
    public void The_trend_has_one_point_per_UTC_day_with_pairs_oldest_first()
    {
        var pairs = new[]
        {
            new CalibrationPair(Day1.AddDays(2), 1.0, 4), // +1
            new CalibrationPair(Day1, 0.5, 3), // 0
            new CalibrationPair(Day1.AddHours(13).AddMinutes(59), 0.5, 2), // +1, still 1 March (23:59 UTC)
            new CalibrationPair(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.FromHours(2)), 0.0, 2), // 1 March 23:00 UTC: -1
            new CalibrationPair(Day1.AddDays(2).AddHours(1), 0.0, 4), // -3
        };

        var trend = CalibrationTrend.Daily(pairs);

        Assert.Equal([new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 3)], trend.Select(t => t.Day));
        Assert.Equal([3L, 2L], trend.Select(t => t.Pairs));
        Assert.Equal(0.0, trend[0].MeanDelta, 12);
        Assert.Equal(-1.0, trend[1].MeanDelta, 12);
        Assert.Empty(CalibrationTrend.Daily([]));
    }

    private static void AssertClose(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, 12);
    }
}
