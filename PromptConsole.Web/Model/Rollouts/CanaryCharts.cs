using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>
/// The canary page's charts, baseline against candidate per minute: error rate, p95 latency and cost per
/// execution, built fresh from each read of the series (charts get new series, never changed ones). Each
/// legend value is the arm's execution-weighted mean over the minutes shown.
/// </summary>
public sealed record CanaryCharts(ChartData ErrorRate, ChartData Latency, ChartData Cost, MetricsRange Range)
{
    public IReadOnlyList<ChartData> All => [ErrorRate, Latency, Cost];

    /// <summary>Points are per minute; a narrower axis would have nothing between two points.</summary>
    private static readonly TimeSpan ShortestSpan = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(3);

    /// <summary>Null while no minute has executions.</summary>
    public static CanaryCharts? From(CanaryDetails canary, IReadOnlyList<CanaryArmPoint> points)
    {
        if (points.Count == 0)
            return null;

        var arms = points.Select(p => p.Arm).Distinct(StringComparer.Ordinal)
            .OrderBy(arm => IsCandidate(arm) ? 1 : 0).ThenBy(arm => arm, StringComparer.Ordinal).ToArray();
        string ColorOf(string arm) => ChartPalette.ForVersion(IsCandidate(arm) ? canary.CandidateVersion : canary.BaselineVersion);
        string NameOf(string arm) => IsCandidate(arm) ? $"{arm} v{canary.CandidateVersion}" : $"{arm} v{canary.BaselineVersion}";

        ChartData Chart(string key, string title, string hint, ChartUnit unit, Func<CanaryArmPoint, double?> value) =>
            new(key, title, hint, unit, arms.Select(arm =>
            {
                var own = points.Where(p => p.Arm == arm).OrderBy(p => p.Minute).ToArray();
                return new ChartSeries(NameOf(arm), own.Select(p => new ChartPoint(p.Minute.UtcDateTime, p.Executions > 0 ? value(p) : null)).ToArray(),
                    WeightedMean(own, value), ColorOf(arm));
            }).ToArray());

        var times = points.Select(p => p.Minute).ToArray();
        var span = times.Max() - times.Min();
        var range = new MetricsRange("canary", "Canary", span < ShortestSpan ? ShortestSpan : span, Refresh, Refresh);
        return new CanaryCharts(
            Chart("canary-error-rate", "Error rate", "Per minute, baseline against candidate", ChartUnit.Share, p => p.ErrorRate),
            Chart("canary-latency", "p95 latency", "Per minute, baseline against candidate", ChartUnit.Milliseconds, p => p.P95LatencyMs),
            Chart("canary-cost", "Cost per execution", "Per minute, baseline against candidate", ChartUnit.Usd, p => p.CostPerExecutionUsd),
            range);
    }

    /// <summary>The back end names the arms; anything but "candidate" is drawn as the baseline.</summary>
    public static bool IsCandidate(string arm) => string.Equals(arm, "candidate", StringComparison.OrdinalIgnoreCase);

    private static double? WeightedMean(IEnumerable<CanaryArmPoint> points, Func<CanaryArmPoint, double?> value)
    {
        double sum = 0;
        long weight = 0;
        foreach (var point in points)
        {
            if (point.Executions <= 0 || value(point) is not { } v)
                continue;
            sum += v * point.Executions;
            weight += point.Executions;
        }

        return weight == 0 ? null : sum / weight;
    }
}
