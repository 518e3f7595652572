using System.Globalization;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Model.Alerts;

/// <summary>One condition an alert rule can watch, with how its threshold reads.</summary>
public sealed record AlertCondition(string Name, string Label, string ThresholdHint);

/// <summary>How the alert pages write conditions, severities, statuses and deliveries, the same on every page.</summary>
public static class AlertFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string SloBurn = "slo-burn";

    public static readonly IReadOnlyList<AlertCondition> Conditions =
    [
        new("error-rate-spike", "Error rate spike", "Error rate over the window, as a share (0.05 = 5 %)"),
        new("latency-vs-baseline", "Latency vs baseline", "p95 latency over the window divided by the baseline's (1.5 = 50 % slower)"),
        new("success-rate-drop", "Success rate drop", "Fires below this success rate, as a share (0.95 = 95 %)"),
        new("cost-spike", "Cost spike", "Cost per execution divided by the baseline's (2 = twice as expensive)"),
        new("cache-hit-rate-drop", "Cache hit rate drop", "Fires below this cache hit rate, as a share"),
        new("quality-drop", "Quality drop", "Fires below this mean automated score (0–1)"),
        new("feedback-drop", "Feedback drop", "Fires below this mean feedback (1–5)"),
        new("calibration-drift", "Calibration drift", "Fires above this mean absolute calibration delta (points on the 1–5 scale)"),
        new("provider-failures", "Provider failures", "Fires at this many provider failures in the window"),
        new(SloBurn, "SLO burn", "Fires when the SLO's multi-window burn-rate condition holds; the threshold is not used"),
    ];

    public static readonly IReadOnlyList<string> Severities = ["page", "ticket", "info"];

    public static readonly IReadOnlyList<string> Statuses = ["firing", "acknowledged", "resolved"];

    public static readonly IReadOnlyList<string> Actions = ["notify", "pause-canary", "rollback"];

    public static string ConditionLabel(string condition) => Conditions.FirstOrDefault(c => c.Name == condition)?.Label ?? condition;

    public static string ThresholdHint(string? condition) => Conditions.FirstOrDefault(c => c.Name == condition)?.ThresholdHint ?? string.Empty;

    public static string ActionLabel(string action) => action switch
    {
        "notify" => "Notify",
        "pause-canary" => "Pause the canary",
        "rollback" => "Roll back",
        _ => action,
    };

    /// <summary>"error rate spike > 0.05 over 5m", the rule as one line.</summary>
    public static string Rule(AlertRuleView rule) => rule.Condition == SloBurn
        ? "SLO burn-rate condition"
        : $"{ConditionLabel(rule.Condition)} · threshold {Number(rule.Threshold)} over {rule.Window}";

    public static string Number(double? value) => value is { } v ? v.ToString("0.####", Invariant) : MetricsFormat.Nothing;

    /// <summary>"attempt 2 · 502 · timeout" for one delivery attempt.</summary>
    public static string Attempt(NotificationAttemptView attempt)
    {
        var parts = new List<string> { $"attempt {attempt.Attempt}" };
        if (attempt.StatusCode is { } code)
            parts.Add(code.ToString(Invariant));
        if (!string.IsNullOrWhiteSpace(attempt.Error))
            parts.Add(attempt.Error);
        return string.Join(" · ", parts);
    }

    public static string Outcome(DeliveryOutcome outcome) =>
        outcome.Delivered
            ? $"Delivered after {MetricsFormat.Plural(outcome.Attempts.Count, "attempt", "attempts")}."
            : $"Not delivered: {MetricsFormat.Plural(outcome.Attempts.Count, "attempt", "attempts")} failed.";
}
