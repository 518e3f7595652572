using System.Globalization;
using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Model;

/// <summary>
/// How the experiment pages write metrics, effects and decisions. Metrics arrive by their API name
/// (<c>successRate</c>, <c>p95Latency</c>, …); each is written in its own unit, and an absolute effect
/// on a rate is a difference of percentages, so it is written in percentage points.
/// </summary>
public static class ExperimentFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string MetricLabel(string metric) => metric switch
    {
        "successRate" => "Success rate",
        "outputCheckPassRate" => "Output check pass rate",
        "p95Latency" => "p95 latency",
        "costPerExecution" => "Cost per execution",
        "feedback" => "Feedback",
        "automatedScore" => "Automated score",
        _ => metric,
    };

    public static string MetricLabel(ExperimentMetric metric) => MetricLabel(ExperimentMetrics.NameOf(metric));

    public static bool IsRate(string metric) => metric is "successRate" or "outputCheckPassRate";

    /// <summary>The unit a chart of the metric's absolute effect plots in.</summary>
    public static ChartUnit EffectUnit(string metric) => metric switch
    {
        "successRate" or "outputCheckPassRate" => ChartUnit.Share,
        "p95Latency" => ChartUnit.Milliseconds,
        "costPerExecution" => ChartUnit.Usd,
        _ => ChartUnit.Score,
    };

    /// <summary>An arm's value of the metric: 97.5%, 840 ms, $0.0012, 4.21.</summary>
    public static string Value(string metric, double? value) => metric switch
    {
        _ when value is null => MetricsFormat.Nothing,
        "successRate" or "outputCheckPassRate" => MetricsFormat.Percent(value),
        "p95Latency" => MetricsFormat.Latency(value),
        "costPerExecution" => MetricsFormat.Usd(value),
        "feedback" => value.Value.ToString("0.00", Invariant),
        _ => value.Value.ToString("0.000", Invariant),
    };

    /// <summary>A signed absolute difference: +1.2 pp, −35 ms, +$0.0004, +0.12.</summary>
    public static string Difference(string metric, double difference)
    {
        var sign = difference < 0 ? "−" : "+";
        var size = Math.Abs(difference);
        return metric switch
        {
            "successRate" or "outputCheckPassRate" => sign + (size * 100).ToString("0.##", Invariant) + " pp",
            "p95Latency" => sign + MetricsFormat.Latency(size),
            "costPerExecution" => sign + MetricsFormat.Usd(size),
            "feedback" => sign + size.ToString("0.00", Invariant),
            _ => sign + size.ToString("0.000", Invariant),
        };
    }

    /// <summary>"+1.2 pp [−0.3 pp, +2.7 pp]": the estimate and its interval, in the metric's unit.</summary>
    public static string Interval(string metric, IntervalView interval) =>
        $"{Difference(metric, interval.Estimate)} [{Difference(metric, interval.Lower)}, {Difference(metric, interval.Upper)}]";

    /// <summary>"+4.1% [−0.5%, +8.9%]": a relative effect.</summary>
    public static string Relative(IntervalView interval) =>
        $"{SignedPercent(interval.Estimate)} [{SignedPercent(interval.Lower)}, {SignedPercent(interval.Upper)}]";

    /// <summary>
    /// The requests the experiment targeted but served from the label, e.g. <c>12 not enrolled (no subject 10, outside coverage 2)</c>;
    /// empty when there were none.
    /// </summary>
    public static string NotEnrolled(ExposureView exposure)
    {
        if (exposure.NotEnrolled == 0)
            return string.Empty;
        var reasons = exposure.NotEnrolledByReason
            .OrderByDescending(r => r.Value)
            .Select(r => $"{r.Key.Replace('_', ' ')} {r.Value.ToString("N0", Invariant)}");
        return $"{exposure.NotEnrolled.ToString("N0", Invariant)} not enrolled ({string.Join(", ", reasons)})";
    }

    public static string SignedPercent(double share) => (share < 0 ? "−" : "+") + (Math.Abs(share) * 100).ToString("0.0", Invariant) + "%";

    /// <summary>p-values below 0.001 are written as such: more digits would suggest a precision the test does not have.</summary>
    public static string PValue(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", Invariant);

    /// <summary>"p = 0.018" or "p < 0.001", for sentences.</summary>
    public static string PClause(double p) => p < 0.001 ? "p < 0.001" : "p = " + PValue(p);

    public static string Chance(double probability) => (probability * 100).ToString("0.0", Invariant) + "%";

    /// <summary>"ship treatment", "no winner", or nothing while undecided.</summary>
    public static string Decision(ExperimentDecision? decision) => decision switch
    {
        null => string.Empty,
        { Verdict: ExperimentVerdict.Ship, Arm: var arm } => $"ship {arm}",
        _ => "no winner",
    };

    /// <summary>How the recommendation card names the suggested action.</summary>
    public static string Recommendation(Recommendation recommendation) => recommendation.Action switch
    {
        "ship" => $"Ship {recommendation.Arm}",
        "stop" => "Stop: no treatment can win, keep the control",
        "invalid" => "Do not read these results",
        "keepRunning" => "Keep running",
        var other => other,
    };

    /// <summary>Each arm's share of the traffic, as the list shows it: "control → v1 50%".</summary>
    public static string ArmShare(ExperimentArm arm, double totalWeight) =>
        $"{arm.Name} → v{arm.Version} {Percent(arm.Weight, totalWeight)}";

    public static string Percent(double weight, double totalWeight) =>
        totalWeight <= 0 ? MetricsFormat.Nothing : (weight / totalWeight * 100).ToString("0.#", Invariant) + "%";
}
