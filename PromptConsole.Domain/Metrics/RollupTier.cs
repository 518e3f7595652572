namespace PromptConsole.Domain.Metrics;

/// <summary>
/// One resolution at which executions are rolled up, and how long its buckets are kept.
/// Buckets are aligned to UTC (a one-day bucket starts at UTC midnight whatever the offset of
/// the time it is given), so every instance cuts the same buckets and their rollups merge.
/// </summary>
public sealed record RollupTier
{
    public RollupTier(string name, TimeSpan resolution, TimeSpan retention)
    {
        if (resolution <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "A tier's resolution must be positive.");
        if (TimeSpan.FromDays(1).Ticks % resolution.Ticks != 0 && resolution.Ticks % TimeSpan.FromDays(1).Ticks != 0)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "A tier's resolution must divide a day (or be whole days) so buckets line up with UTC midnight.");
        if (retention < resolution)
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "A tier must keep at least one bucket.");

        Name = name;
        Resolution = resolution;
        Retention = retention;
    }

    public string Name { get; }

    public TimeSpan Resolution { get; }

    public TimeSpan Retention { get; }

    public static RollupTier OneMinute { get; } = new("1m", TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));

    public static RollupTier FiveMinutes { get; } = new("5m", TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));

    public static RollupTier OneHour { get; } = new("1h", TimeSpan.FromHours(1), TimeSpan.FromDays(30));

    public static RollupTier OneDay { get; } = new("1d", TimeSpan.FromDays(1), TimeSpan.FromDays(90));

    /// <summary>Finest first.</summary>
    public static IReadOnlyList<RollupTier> Defaults { get; } = [OneMinute, FiveMinutes, OneHour, OneDay];

    /// <summary>The start (in UTC) of the bucket holding <paramref name="at"/>.</summary>
    public DateTimeOffset BucketStart(DateTimeOffset at)
    {
        // Ticks count from 0001-01-01T00:00Z, a UTC midnight, so flooring them aligns to UTC.
        var ticks = at.UtcTicks;
        return new DateTimeOffset(ticks - ticks % Resolution.Ticks, TimeSpan.Zero);
    }

    public bool IsAligned(DateTimeOffset bucketStart) => bucketStart.UtcTicks % Resolution.Ticks == 0;
}

/// <summary>Which rollup buckets have outlived their tier's retention. Time is passed in.</summary>
public static class RetentionPolicy
{
    /// <summary>
    /// A bucket expires once all of it is older than the retention: its end is at or before
    /// <c>now − Retention</c>. A bucket that still overlaps the retained window is kept whole.
    /// </summary>
    public static bool IsExpired(RollupTier tier, DateTimeOffset bucketStart, DateTimeOffset now) =>
        bucketStart + tier.Resolution <= now - tier.Retention;

    /// <summary>The bucket starts to prune, in the order given.</summary>
    public static IReadOnlyList<DateTimeOffset> ToPrune(RollupTier tier, IEnumerable<DateTimeOffset> bucketStarts, DateTimeOffset now) =>
        bucketStarts.Where(start => IsExpired(tier, start, now)).ToArray();
}
