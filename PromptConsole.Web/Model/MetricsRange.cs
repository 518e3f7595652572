namespace PromptConsole.Web.Model;

/// <summary>
/// A time range the metrics pages offer, and how eagerly a page showing it refreshes. The live
/// ranges are read from the store's per-second memory, so they follow every execution and tick
/// each second (the 5-minute one at one point per second; the 15-minute one at 3-second points,
/// since charts are kept to about 300 points); longer ranges read rollups (memory plus the
/// database) and refresh less often.
/// </summary>
/// <param name="Key">As it appears in links (<c>?range=1h</c>) and in the metrics API's window syntax.</param>
/// <param name="Throttle">The least time between two refreshes caused by new executions.</param>
/// <param name="Tick">How often the page refreshes without traffic, so the time axis moves on.</param>
public sealed record MetricsRange(string Key, string Label, TimeSpan Window, TimeSpan Throttle, TimeSpan Tick)
{
    public static MetricsRange LiveFiveMinutes { get; } = new("5m", "Live 5 m", TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));

    /// <summary>The default range.</summary>
    public static MetricsRange Live { get; } = new("15m", "Live 15 m", TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));

    public static MetricsRange LastHour { get; } = new("1h", "1 h", TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public static MetricsRange LastDay { get; } = new("24h", "24 h", TimeSpan.FromHours(24), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));

    public static MetricsRange LastWeek { get; } = new("7d", "7 d", TimeSpan.FromDays(7), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));

    /// <summary>Only where rollups are all a page reads (usage by tenant): charts have no 30-day range.</summary>
    public static MetricsRange LastMonth { get; } = new("30d", "30 d", TimeSpan.FromDays(30), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));

    public static IReadOnlyList<MetricsRange> All { get; } = [LiveFiveMinutes, Live, LastHour, LastDay, LastWeek];

    /// <summary>The ranges usage by tenant is offered over (the tenant rollups have no per-second memory).</summary>
    public static IReadOnlyList<MetricsRange> TenantUsage { get; } = [LastHour, LastDay, LastWeek, LastMonth];

    /// <summary>The range among <paramref name="offered"/> a link names; anything unknown is <paramref name="fallback"/>.</summary>
    public static MetricsRange Parse(string? key, IReadOnlyList<MetricsRange> offered, MetricsRange fallback) =>
        offered.FirstOrDefault(range => string.Equals(range.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? fallback;

    public bool IsLive => ReferenceEquals(this, Live) || ReferenceEquals(this, LiveFiveMinutes);

    /// <summary>The range a page opens with, so its links leave it out.</summary>
    public bool IsDefault => ReferenceEquals(this, Live);

    /// <summary>How the time axis labels its ticks: seconds for the live range, dates once a range spans days.</summary>
    public string TimeFormat => IsLive ? "HH:mm:ss" : Window <= TimeSpan.FromDays(1) ? "HH:mm" : "MMM d HH:mm";

    /// <summary>The range a link names; anything unknown (or nothing) is the live range.</summary>
    public static MetricsRange Parse(string? key) =>
        All.FirstOrDefault(range => string.Equals(range.Key, key?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? Live;

    /// <summary>"last 15 min", "last 24 h": for tiles, where space is tight.</summary>
    public string Brief => $"last {Label.Replace("Live ", string.Empty, StringComparison.Ordinal).Replace(" m", " min", StringComparison.Ordinal)}";

    /// <summary>"the last 15 minutes", "the last 7 days": how the pages name the range in sentences.</summary>
    public string Describe() => Window switch
    {
        { TotalDays: >= 1 and var days } when days % 1 == 0 && days > 1 => $"the last {days:0} days",
        { TotalHours: >= 1 and var hours } when hours % 1 == 0 => hours == 1 ? "the last hour" : $"the last {hours:0} hours",
        var window => $"the last {window.TotalMinutes:0} minutes",
    };
}
