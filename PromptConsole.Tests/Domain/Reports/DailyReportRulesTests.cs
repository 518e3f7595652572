using PromptConsole.Domain.Reports;

namespace PromptConsole.Tests.Domain.Reports;

/// <summary>The daily report's rules case by case: nearest-rank percentiles, day-over-day change, when a report is due.</summary>
public sealed class DailyReportRulesTests
{
    public static TheoryData<string, double, long, long> Ranks => new()
    {
        { "p50 of 1", 0.50, 1, 1 },
        { "p99 of 1", 0.99, 1, 1 },
        { "p50 of 2: the lower", 0.50, 2, 1 },
        { "p50 of 3: the middle", 0.50, 3, 2 },
        { "p95 of 100: the 95th, not the 96th (binary 0.95 × 100)", 0.95, 100, 95 },
        { "p95 of 101", 0.95, 101, 96 },
        { "p99 of 100", 0.99, 100, 99 },
        { "p99 of 1000", 0.99, 1000, 990 },
        { "p99 of 50: the largest", 0.99, 50, 50 },
        { "p100 is the largest", 1.0, 7, 7 },
    };

    [Theory]
    [MemberData(nameof(Ranks))]
    public void The_nearest_rank_is_the_ceiling_of_p_times_n(string name, double percentile, long count, long rank)
    {
        Assert.NotNull(name);
        Assert.Equal(rank, NearestRank.RankOf(percentile, count));
    }

    [Fact]
    public void Ranks_need_values_and_a_fraction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.RankOf(0.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.RankOf(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => NearestRank.RankOf(1.5, 10));
    }

    [Fact]
    public void Percentiles_read_off_a_sorted_stream_equal_those_of_the_sorted_list()
    {
        var random = new Random(7);
        foreach (var count in new[] { 1, 2, 3, 19, 20, 99, 100, 101, 1234 })
        {
            var values = Enumerable.Range(0, count).Select(_ => Math.Round(random.NextDouble() * 1000, 1)).Order().ToArray();
            var stream = new SortedStreamPercentiles(count);
            foreach (var value in values)
                stream.Add(value);
            Assert.Equal(NearestRank.Of(values, 0.50), stream.P50);
            Assert.Equal(NearestRank.Of(values, 0.95), stream.P95);
            Assert.Equal(NearestRank.Of(values, 0.99), stream.P99);
        }

        var empty = new SortedStreamPercentiles(0);
        Assert.Null(empty.P50);
        Assert.Null(empty.P99);
    }

    [Fact]
    public void A_stream_out_of_order_or_longer_than_announced_is_refused()
    {
        var stream = new SortedStreamPercentiles(2);
        stream.Add(5);
        Assert.Throws<InvalidOperationException>(() => stream.Add(4));
        stream.Add(6);
        Assert.Throws<InvalidOperationException>(() => stream.Add(7));
    }

    public static TheoryData<string, double?, double?, double?> Changes => new()
    {
        { "a quarter more", 125.0, 100.0, 0.25 },
        { "half as much", 50.0, 100.0, -0.5 },
        { "down to nothing", 0.0, 100.0, -1.0 },
        { "unchanged", 3.0, 3.0, 0.0 },
        { "from nothing: no percentage", 10.0, 0.0, null },
        { "nothing either day", 0.0, 0.0, null },
        { "no figure today", null, 5.0, null },
        { "no figure the day before", 5.0, null, null },
        { "a negative base counts by its size", -50.0, -100.0, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void The_change_is_a_fraction_of_the_day_before(string name, double? day, double? before, double? expected)
    {
        Assert.NotNull(name);
        var change = DayOverDayChange.Relative(day, before);
        if (expected is null)
            Assert.Null(change);
        else
            Assert.Equal(expected.Value, change!.Value, 12);
    }

    public static TheoryData<string, DateTimeOffset, TimeOnly, DateOnly?> Schedules => new()
    {
        { "just before the time: nothing due", new DateTimeOffset(2026, 3, 2, 0, 14, 59, TimeSpan.Zero), new TimeOnly(0, 15), null },
        { "at the time: yesterday", new DateTimeOffset(2026, 3, 2, 0, 15, 0, TimeSpan.Zero), new TimeOnly(0, 15), new DateOnly(2026, 3, 1) },
        { "later that day: still yesterday", new DateTimeOffset(2026, 3, 2, 23, 0, 0, TimeSpan.Zero), new TimeOnly(0, 15), new DateOnly(2026, 3, 1) },
        { "an offset clock reads in UTC: 00:10 UTC", new DateTimeOffset(2026, 3, 2, 2, 10, 0, TimeSpan.FromHours(2)), new TimeOnly(0, 15), null },
        { "an offset clock past the time in UTC: 01:00 UTC", new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.FromHours(2)), new TimeOnly(0, 15), new DateOnly(2026, 3, 1) },
        { "an offset clock the evening before in UTC: 23:30 UTC on the 1st", new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.FromHours(2)), new TimeOnly(0, 15), new DateOnly(2026, 2, 28) },
        { "first of the month: the last of the one before", new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero), new TimeOnly(6, 0), new DateOnly(2026, 2, 28) },
    };

    [Theory]
    [MemberData(nameof(Schedules))]
    public void The_report_of_yesterday_is_due_from_the_configured_time(string name, DateTimeOffset now, TimeOnly dailyAt, DateOnly? expected)
    {
        Assert.NotNull(name);
        Assert.Equal(expected, DailyReportSchedule.Due(now, dailyAt));
    }
}
