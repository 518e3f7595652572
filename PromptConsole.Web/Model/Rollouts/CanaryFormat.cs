using System.Globalization;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Model.Rollouts;

/// <summary>How the canary pages write statuses, steps, gates and decisions, the same on every page.</summary>
public static class CanaryFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Running and paused canaries still route traffic to the candidate; promoted and aborted ones are over.</summary>
    public static bool IsLive(CanaryStatus status) => status is CanaryStatus.Running or CanaryStatus.Paused;

    public static string CanaryHref(string canaryKey) => $"canaries/{Uri.EscapeDataString(canaryKey)}";

    public static string PromptHref(string promptKey) => $"prompts/{Uri.EscapeDataString(promptKey)}";

    /// <summary>The prompt page opened on its incident timeline (the page selects a tab by name from <c>?tab=</c>).</summary>
    public static string IncidentsHref(string promptKey) => $"prompts/{Uri.EscapeDataString(promptKey)}?tab=incidents";

    /// <summary>"v1 → v2".</summary>
    public static string Versions(CanaryDetails canary) => $"v{canary.BaselineVersion} → v{canary.CandidateVersion}";

    /// <summary>"step 2/4 · 25 %"; an ended canary says where it stopped.</summary>
    public static string Step(CanaryDetails canary) =>
        $"step {Math.Min(canary.StepIndex + 1, canary.Steps.Count)}/{canary.Steps.Count} · {canary.Percent} %";

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } => $"{(int)span.TotalHours} h {span.Minutes:00} min",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes} min {span.Seconds:00} s",
        _ => $"{Math.Max(0, (int)span.TotalSeconds)} s",
    };

    public static string Action(string action) => action switch
    {
        "wait" => "Wait",
        "advance" => "Advance",
        "promote" => "Promote",
        "pause" => "Pause",
        "resume" => "Resume",
        "abort" => "Abort",
        _ => action,
    };

    public static string MetricLabel(GateMetric metric) => metric switch
    {
        GateMetric.ErrorRate => "Error rate",
        GateMetric.CheckFailureRate => "Check failure rate",
        GateMetric.P95LatencyRatio => "p95 latency",
        GateMetric.CostPerExecutionRatio => "Cost per execution",
        GateMetric.Feedback => "Feedback",
        GateMetric.AutomatedScore => "Automated score",
        _ => metric.ToString(),
    };

    /// <summary>How a gate compares the arms: a difference for rates and scores, a ratio for latency and cost.</summary>
    public static string Comparison(GateMetric metric) => IsRatio(metric) ? "candidate / baseline" : "candidate − baseline";

    public static bool IsRatio(GateMetric metric) => metric is GateMetric.P95LatencyRatio or GateMetric.CostPerExecutionRatio;

    /// <summary>Feedback and automated score are better higher; every other metric is better lower.</summary>
    public static bool HigherIsBetter(GateMetric metric) => metric is GateMetric.Feedback or GateMetric.AutomatedScore;

    /// <summary>One arm's raw value of the metric: a share, milliseconds, dollars or a score.</summary>
    public static string ArmValue(GateMetric metric, double? value) => metric switch
    {
        GateMetric.ErrorRate or GateMetric.CheckFailureRate => MetricsFormat.Percent(value),
        GateMetric.P95LatencyRatio => MetricsFormat.Latency(value),
        GateMetric.CostPerExecutionRatio => MetricsFormat.Usd(value),
        _ => MetricsFormat.Quality(value),
    };

    /// <summary>The compared value: "×1.18" for a ratio, "+0.4 pp" for a rate difference, "−0.12" for a score difference.</summary>
    public static string Compared(GateMetric metric, double? value)
    {
        if (value is not { } v)
            return "—";
        if (IsRatio(metric))
            return "×" + v.ToString("0.00", Invariant);
        if (metric is GateMetric.ErrorRate or GateMetric.CheckFailureRate)
            return Signed(v * 100, "0.0") + " pp";
        return Signed(v, "0.00");
    }

    /// <summary>"≤ 0.01"-style text of a condition, in the compared value's unit.</summary>
    public static string Condition(GateMetric metric, GateCondition? condition)
    {
        if (condition is null)
            return "—";
        var op = condition.Comparison switch
        {
            GateComparison.LessThan => "<",
            GateComparison.LessThanOrEqual => "≤",
            GateComparison.GreaterThan => ">",
            _ => "≥",
        };
        return $"{op} {Compared(metric, condition.Threshold)}";
    }

    public static string Threshold(CanaryGate gate) =>
        $"pass {Condition(gate.Metric, gate.SuccessCondition)} · fail {Condition(gate.Metric, gate.FailureCondition)}";

    private static string Signed(double value, string format) =>
        (value < 0 ? "−" : "+") + Math.Abs(value).ToString(format, Invariant);
}
