using PromptConsole.Domain.Metrics;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>Which series a query covers; null parts match everything.</summary>
public sealed record MetricsFilter(string? PromptKey = null, int? PromptVersion = null, string? RouteArm = null, string? Model = null)
{
    public static MetricsFilter All { get; } = new();

    public bool Matches(MetricSeriesKey key) =>
        (PromptKey is null || string.Equals(PromptKey, key.PromptKey, StringComparison.Ordinal))
        && (PromptVersion is null || PromptVersion == key.PromptVersion)
        && (RouteArm is null || string.Equals(RouteArm, key.RouteArm, StringComparison.Ordinal))
        && (Model is null || string.Equals(Model, key.Model, StringComparison.Ordinal));
}

/// <summary>One chart point: the aggregate of the matching series in [Start, Start + resolution).</summary>
public sealed record MetricsPoint(DateTimeOffset Start, ExecutionStats Stats);

/// <summary>
/// The answer to a window query: the whole window's aggregate, one point per bucket (oldest first,
/// empty buckets included so charts have a continuous time axis) and one aggregate per series.
/// </summary>
/// <param name="Source">Where it came from: <c>live</c> (per-second memory) or a rollup tier's name.</param>
public sealed record MetricsWindow(
    DateTimeOffset From,
    DateTimeOffset To,
    TimeSpan Resolution,
    string Source,
    ExecutionStats Total,
    IReadOnlyList<MetricsPoint> Points,
    IReadOnlyDictionary<MetricSeriesKey, ExecutionStats> BySeries);

/// <summary>
/// The in-process aggregation of every execution: per-second for the live window, rolled up into
/// the configured tiers and persisted (merged across instances on read). The console, and next
/// experiments, canaries and SLOs, read it through <see cref="QueryAsync"/>.
/// </summary>
public interface IMetricsStore
{
    /// <summary>How far back the per-second memory reaches (15 minutes by default).</summary>
    TimeSpan LiveSpan { get; }

    /// <summary>Counts one finished execution at <paramref name="at"/> (its completion time).</summary>
    void Observe(ExecutionObservation observation, DateTimeOffset at);

    /// <summary>Counts a quality score given to an execution of <paramref name="key"/> at <paramref name="at"/>.</summary>
    void ObserveQuality(MetricSeriesKey key, QualitySource source, double score, DateTimeOffset at);

    /// <summary>
    /// The aggregate of the matching series over the <paramref name="window"/> ending now. Windows
    /// within <see cref="LiveSpan"/> come from memory at one-second resolution; longer ones from the
    /// finest rollup tier that still retains the whole window (rows of every instance merged).
    /// </summary>
    Task<MetricsWindow> QueryAsync(TimeSpan window, MetricsFilter filter, CancellationToken cancellationToken = default);

    /// <summary>
    /// One window per group of the matching series (e.g. per version, per route arm), each as
    /// <see cref="QueryAsync"/> would answer for that group alone, from a single read: charts that
    /// split by version need each version's points, which the merged answer does not keep apart.
    /// </summary>
    Task<IReadOnlyDictionary<TGroup, MetricsWindow>> QueryGroupsAsync<TGroup>(
        TimeSpan window,
        MetricsFilter filter,
        Func<MetricSeriesKey, TGroup> groupOf,
        IReadOnlyCollection<TGroup> groups,
        CancellationToken cancellationToken = default)
        where TGroup : notnull;

    /// <summary>
    /// Calls <paramref name="onChanged"/> after new observations arrive, at most once per
    /// <paramref name="minInterval"/> (the first change is reported at once, later ones coalesced).
    /// Dispose the result to stop. Callbacks run on a background thread and must not throw.
    /// </summary>
    IDisposable Subscribe(Func<Task> onChanged, TimeSpan minInterval);
}
