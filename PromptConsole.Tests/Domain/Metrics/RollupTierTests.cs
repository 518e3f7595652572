using PromptConsole.Domain.Metrics;

namespace PromptConsole.Tests.Domain.Metrics;

public sealed class RollupTierTests
{
    [Fact]
    public void The_default_tiers_go_from_minutes_kept_a_day_to_days_kept_ninety()
    {
        Assert.Equal(
            [
                ("1m", TimeSpan.FromMinutes(1), TimeSpan.FromHours(24)),
                ("5m", TimeSpan.FromMinutes(5), TimeSpan.FromDays(7)),
                ("1h", TimeSpan.FromHours(1), TimeSpan.FromDays(30)),
                ("1d", TimeSpan.FromDays(1), TimeSpan.FromDays(90)),
            ],
            RollupTier.Defaults.Select(t => (t.Name, t.Resolution, t.Retention)));
    }

    [Theory]
    [InlineData("1m", "2026-03-04T10:17:42.123Z", "2026-03-04T10:17:00Z")]
    [InlineData("1m", "2026-03-04T10:17:00Z", "2026-03-04T10:17:00Z")]
    [InlineData("1m", "2026-03-04T10:17:59.9999999Z", "2026-03-04T10:17:00Z")]
    [InlineData("5m", "2026-03-04T10:17:42Z", "2026-03-04T10:15:00Z")]
    [InlineData("5m", "2026-03-04T10:14:59Z", "2026-03-04T10:10:00Z")]
    [InlineData("5m", "2026-03-04T10:20:00Z", "2026-03-04T10:20:00Z")]
    [InlineData("1h", "2026-03-04T10:59:59Z", "2026-03-04T10:00:00Z")]
    [InlineData("1h", "2026-03-04T10:30:00+05:30", "2026-03-04T05:00:00Z")]
    [InlineData("1d", "2026-03-04T23:59:59Z", "2026-03-04T00:00:00Z")]
    [InlineData("1d", "2026-03-04T01:30:00+02:00", "2026-03-03T00:00:00Z")]
    [InlineData("1d", "2026-03-03T22:30:00-02:00", "2026-03-04T00:00:00Z")]
    [InlineData("1d", "2024-02-29T12:00:00Z", "2024-02-29T00:00:00Z")]
    public void Buckets_start_on_utc_boundaries(string tierName, string at, string expectedStart)
    {
        var tier = RollupTier.Defaults.Single(t => t.Name == tierName);

        var start = tier.BucketStart(DateTimeOffset.Parse(at));

        Assert.Equal(DateTimeOffset.Parse(expectedStart), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
        Assert.True(tier.IsAligned(start));
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(-60, 60)]
    [InlineData(7 * 60, 86_400)]
    [InlineData(60, 30)]
    public void Tiers_that_cannot_line_up_or_keep_nothing_are_refused(int resolutionSeconds, int retentionSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RollupTier("bad", TimeSpan.FromSeconds(resolutionSeconds), TimeSpan.FromSeconds(retentionSeconds)));

    [Theory]
    [InlineData(10, 86_400 * 2)]
    [InlineData(90, 86_400)]
    [InlineData(86_400 * 7, 86_400 * 365)]
    public void Resolutions_that_divide_a_day_or_are_whole_days_are_accepted(int resolutionSeconds, int retentionSeconds)
    {
        var tier = new RollupTier("ok", TimeSpan.FromSeconds(resolutionSeconds), TimeSpan.FromSeconds(retentionSeconds));

        Assert.Equal(TimeSpan.FromSeconds(resolutionSeconds), tier.Resolution);
    }

    /// <summary>now is fixed at 2026-03-10T12:00Z; a bucket expires once its end is at or before now − retention.</summary>
    [Theory]
    [InlineData("1m", "2026-03-10T11:59:00Z", false)]
    [InlineData("1m", "2026-03-09T12:00:00Z", false)]
    [InlineData("1m", "2026-03-09T11:59:00Z", true)]
    [InlineData("1m", "2026-03-09T11:58:00Z", true)]
    [InlineData("5m", "2026-03-03T11:55:00Z", true)]
    [InlineData("5m", "2026-03-03T12:00:00Z", false)]
    [InlineData("1h", "2026-02-08T11:00:00Z", true)]
    [InlineData("1h", "2026-02-08T12:00:00Z", false)]
    [InlineData("1d", "2025-12-09T00:00:00Z", true)]
    [InlineData("1d", "2025-12-10T00:00:00Z", false)]
    [InlineData("1d", "2026-03-10T00:00:00Z", false)]
    public void Buckets_expire_once_wholly_older_than_the_retention(string tierName, string bucketStart, bool expired)
    {
        var tier = RollupTier.Defaults.Single(t => t.Name == tierName);
        var now = DateTimeOffset.Parse("2026-03-10T12:00:00Z");

        Assert.Equal(expired, RetentionPolicy.IsExpired(tier, DateTimeOffset.Parse(bucketStart), now));
    }

    [Fact]
    public void Pruning_returns_only_the_expired_buckets_in_the_order_given()
    {
        var now = DateTimeOffset.Parse("2026-03-10T12:00:00Z");
        var tier = RollupTier.OneHour;
        var starts = new[] { "2026-03-10T11:00Z", "2026-01-01T00:00Z", "2026-02-08T12:00Z", "2026-02-08T10:00Z", "2026-02-08T11:00Z" }
            .Select(s => DateTimeOffset.Parse(s))
            .ToArray();

        var pruned = RetentionPolicy.ToPrune(tier, starts, now);

        Assert.Equal([starts[1], starts[3], starts[4]], pruned);
    }
}
