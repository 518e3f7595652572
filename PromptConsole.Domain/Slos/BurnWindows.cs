using System.Globalization;

namespace PromptConsole.Domain.Slos;

/// <summary>One burn-rate window: its name (as the SRE workbook writes it for a 30-day SLO) and its length for an SLO's period.</summary>
public sealed record BurnWindow(string Name, TimeSpan Duration);

/// <summary>
/// The multi-window multi-burn-rate windows. Their names are the SRE workbook's for a 30-day period; as Sloth does,
/// each length is scaled to the SLO's period (duration × period / 30 d), so a burn rate means the same share of the
/// budget whatever the period: the 1 h window of a 7-day SLO is 14 minutes.
/// </summary>
public static class BurnWindows
{
    public const string FiveMinutes = "5m";
    public const string ThirtyMinutes = "30m";
    public const string OneHour = "1h";
    public const string SixHours = "6h";
    public const string OneDay = "1d";
    public const string ThreeDays = "3d";

    /// <summary>The period the window names are written for.</summary>
    public static readonly TimeSpan ReferencePeriod = TimeSpan.FromDays(30);

    /// <summary>The windows for a 30-day SLO, shortest first.</summary>
    public static readonly IReadOnlyList<BurnWindow> Reference =
    [
        new(FiveMinutes, TimeSpan.FromMinutes(5)),
        new(ThirtyMinutes, TimeSpan.FromMinutes(30)),
        new(OneHour, TimeSpan.FromHours(1)),
        new(SixHours, TimeSpan.FromHours(6)),
        new(OneDay, TimeSpan.FromDays(1)),
        new(ThreeDays, TimeSpan.FromDays(3)),
    ];

    public static IReadOnlyList<string> Names { get; } = Reference.Select(w => w.Name).ToArray();

    /// <summary>The windows for an SLO over <paramref name="period"/>, shortest first.</summary>
    public static IReadOnlyList<BurnWindow> For(TimeSpan period)
    {
        if (period <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(period), period, "A period must be positive.");
        return Reference.Select(w => w with { Duration = Scale(w.Duration, period) }).ToArray();
    }

    /// <summary>duration × period / 30 d, to the tick (exact for whole-day periods and the reference windows).</summary>
    public static TimeSpan Scale(TimeSpan duration, TimeSpan period) =>
        TimeSpan.FromTicks((long)((Int128)duration.Ticks * period.Ticks / ReferencePeriod.Ticks));

    /// <summary>A duration as Prometheus writes one, largest units first: <c>2d19h12m</c>, <c>1m10s</c>, <c>500ms</c>.</summary>
    public static string PrometheusDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A Prometheus range must be positive.");

        var text = new System.Text.StringBuilder();
        var milliseconds = (long)Math.Round(duration.TotalMilliseconds);
        foreach (var (unit, length) in new (string, long)[] { ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1) })
        {
            var amount = milliseconds / length;
            if (amount == 0)
                continue;
            text.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
            milliseconds -= amount * length;
        }

        return text.ToString();
    }
}
