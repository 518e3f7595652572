using PromptConsole.Domain.Alerts;

namespace PromptConsole.Tests.Domain.Alerts;

/// <summary>Every alert condition, case by case: when it holds, when it does not, and when there is too little to judge.</summary>
public sealed class AlertConditionEvaluatorTests
{
    /// <summary>Conditions on the window's executions (and the 24 h baseline where one is compared); see <see cref="AlertTestData.Stats"/>.</summary>
    [Theory]
    // error-rate-spike: error rate ≥ threshold AND ≥ 2 × baseline; at least 20 executions.
    [InlineData("error spike: 10 % against a 1 % baseline", "error-rate-spike", 0.05, "ok:90 failed:10", "ok:990 failed:10", "holds", 0.1)]
    [InlineData("error spike: at the threshold and exactly twice the baseline", "error-rate-spike", 0.05, "ok:95 rejected:5", "ok:975 failed:25", "holds", 0.05)]
    [InlineData("error spike: above the threshold but under twice an 8 % baseline", "error-rate-spike", 0.05, "ok:90 failed:10", "ok:920 failed:80", "not", 0.1)]
    [InlineData("error spike: below the threshold", "error-rate-spike", 0.05, "ok:98 failed:2", "ok:1000", "not", 0.02)]
    [InlineData("error spike: one failure out of two does not page", "error-rate-spike", 0.05, "ok:1 failed:1", "ok:1000", "no-data", null)]
    [InlineData("error spike: 19 executions are too few", "error-rate-spike", 0.05, "ok:10 failed:9", "ok:1000", "no-data", null)]
    [InlineData("error spike: cancellations are left out of the rate and the count", "error-rate-spike", 0.05, "ok:19 failed:1 cancelled:50", "ok:1000", "holds", 0.05)]
    [InlineData("error spike: without a baseline the threshold alone decides", "error-rate-spike", 0.05, "ok:80 failed:20", "ok:5", "holds", 0.2)]
    [InlineData("error spike: nothing measured", "error-rate-spike", 0.05, "none", "none", "no-data", null)]
    // latency-vs-baseline: p95 ≥ threshold × baseline p95.
    [InlineData("latency: p95 2.5× the baseline", "latency-vs-baseline", 2, "ok:50 latency:500", "ok:500 latency:200", "holds", 2.5)]
    [InlineData("latency: p95 1.5× the baseline", "latency-vs-baseline", 2, "ok:50 latency:300", "ok:500 latency:200", "not", 1.5)]
    [InlineData("latency: no baseline, no comparison", "latency-vs-baseline", 2, "ok:50 latency:500", "ok:3 latency:200", "no-data", null)]
    [InlineData("latency: a baseline p95 of 0 ms gives no ratio", "latency-vs-baseline", 2, "ok:50 latency:500", "ok:500 latency:0", "no-data", null)]
    [InlineData("latency: too few executions in the window", "latency-vs-baseline", 2, "ok:5 latency:5000", "ok:500 latency:200", "no-data", null)]
    // success-rate-drop: success rate ≤ threshold.
    [InlineData("success: 90 % under 95 %", "success-rate-drop", 0.95, "ok:90 failed:10", null, "holds", 0.9)]
    [InlineData("success: exactly 95 %", "success-rate-drop", 0.95, "ok:95 rejected:5", null, "holds", 0.95)]
    [InlineData("success: 96 %", "success-rate-drop", 0.95, "ok:96 rejected:4", null, "not", 0.96)]
    [InlineData("success: 10 executions are too few", "success-rate-drop", 0.95, "ok:5 failed:5", null, "no-data", null)]
    // cost-spike: cost per execution ≥ threshold × baseline.
    [InlineData("cost: three times the baseline", "cost-spike", 2, "ok:50 cost:0.003", "ok:500 cost:0.001", "holds", 3.0)]
    [InlineData("cost: 1.5 times the baseline", "cost-spike", 2, "ok:50 cost:0.0015", "ok:500 cost:0.001", "not", 1.5)]
    [InlineData("cost: a free baseline gives no ratio", "cost-spike", 2, "ok:50 cost:0.003", "ok:500 cost:0", "no-data", null)]
    [InlineData("cost: no baseline", "cost-spike", 2, "ok:50 cost:0.003", "none", "no-data", null)]
    // cache-hit-rate-drop: hit rate ≤ baseline − threshold.
    [InlineData("cache: 30 % against 60 %, a 30-point drop", "cache-hit-rate-drop", 0.2, "ok:100 hits:30", "ok:100 hits:60", "holds", 0.3)]
    [InlineData("cache: 40 % against 60 %, exactly 20 points", "cache-hit-rate-drop", 0.2, "ok:100 hits:40", "ok:100 hits:60", "holds", 0.2)]
    [InlineData("cache: 45 % against 60 %, 15 points", "cache-hit-rate-drop", 0.2, "ok:100 hits:45", "ok:100 hits:60", "not", 0.15)]
    [InlineData("cache: a better hit rate than the baseline", "cache-hit-rate-drop", 0.2, "ok:100 hits:80", "ok:100 hits:60", "not", -0.2)]
    [InlineData("cache: no baseline", "cache-hit-rate-drop", 0.2, "ok:100 hits:30", "ok:10 hits:6", "no-data", null)]
    // quality-drop: mean automated score ≤ threshold; at least 5 scores.
    [InlineData("quality: mean 0.5 under 0.6", "quality-drop", 0.6, "ok:20 scores:0.5x10", null, "holds", 0.5)]
    [InlineData("quality: mean exactly 0.6", "quality-drop", 0.6, "ok:20 scores:0.6x5", null, "holds", 0.6)]
    [InlineData("quality: mean 0.8", "quality-drop", 0.6, "ok:20 scores:0.8x10", null, "not", 0.8)]
    [InlineData("quality: four scores are too few", "quality-drop", 0.6, "ok:20 scores:0.1x4", null, "no-data", null)]
    [InlineData("quality: scores count without executions (scores arrive later)", "quality-drop", 0.6, "scores:0.2x6", null, "holds", 0.2)]
    // feedback-drop: mean feedback (1–5) ≤ threshold; at least 5 scores.
    [InlineData("feedback: mean 2 under 3", "feedback-drop", 3, "ok:20 feedback:2x10", null, "holds", 2.0)]
    [InlineData("feedback: mean exactly 3", "feedback-drop", 3, "ok:20 feedback:3x5", null, "holds", 3.0)]
    [InlineData("feedback: mean 4", "feedback-drop", 3, "ok:20 feedback:4x10", null, "not", 4.0)]
    [InlineData("feedback: four scores are too few", "feedback-drop", 3, "ok:20 feedback:1x4", null, "no-data", null)]
    // provider-failures: count of provider-failed executions ≥ threshold; a count needs no minimum.
    [InlineData("provider failures: five of a hundred", "provider-failures", 5, "ok:95 failed:5", null, "holds", 5.0)]
    [InlineData("provider failures: four, rejected outputs do not count", "provider-failures", 5, "ok:86 failed:4 rejected:10", null, "not", 4.0)]
    [InlineData("provider failures: five out of five executions", "provider-failures", 5, "failed:5", null, "holds", 5.0)]
    [InlineData("provider failures: no executions at all", "provider-failures", 5, "ok:0", null, "not", 0.0)]
    [InlineData("provider failures: nothing measured", "provider-failures", 5, "none", null, "no-data", null)]
    public void Judges_the_window_against_the_threshold_and_baseline(
        string rule, string condition, double threshold, string window, string? baseline, string expected, double? value)
    {
        var result = AlertConditionEvaluator.Evaluate(
            AlertTestData.Rule(condition, threshold), new AlertMeasurements(AlertTestData.Stats(window), AlertTestData.Stats(baseline)));

        Assert.True(AlertTestData.State(expected) == result.State, $"{rule}: expected {expected}, got {result.State} ({result.Summary})");
        if (value is null)
            Assert.Null(result.Value);
        else
            Assert.True(Math.Abs(value.Value - result.Value!.Value) <= 0.03 * Math.Max(1, Math.Abs(value.Value)), $"{rule}: value {result.Value}, expected {value}");
        Assert.False(string.IsNullOrWhiteSpace(result.Summary));
        Assert.Null(result.Severity);
    }

    /// <summary><paramref name="readings"/>: <c>evaluator:status</c> pairs, comma separated.</summary>
    [Theory]
    [InlineData("significant drift at threshold 1", 1, null, "judge:significant-drift", "holds", 1.0)]
    [InlineData("minor drift does not reach threshold 1", 1, null, "judge:minor-drift", "not", 0.5)]
    [InlineData("minor drift reaches threshold 0.5", 0.5, null, "judge:minor-drift", "holds", 0.5)]
    [InlineData("significant drift reaches threshold 0.5", 0.5, null, "judge:significant-drift", "holds", 1.0)]
    [InlineData("well calibrated", 0.5, null, "judge:well-calibrated", "not", 0.0)]
    [InlineData("the worst evaluator decides", 0.5, null, "a:well-calibrated,b:minor-drift", "holds", 0.5)]
    [InlineData("a rule on one evaluator ignores the others", 1, "other", "judge:significant-drift,other:well-calibrated", "not", 0.0)]
    [InlineData("a rule on one evaluator sees its drift", 1, "judge", "judge:significant-drift,other:well-calibrated", "holds", 1.0)]
    [InlineData("insufficient data is no data", 1, null, "judge:insufficient-data", "no-data", null)]
    [InlineData("no evaluators at all", 1, null, "", "no-data", null)]
    public void Judges_calibration_drift_by_the_worst_status(string rule, double threshold, string? evaluator, string readings, string expected, double? value)
    {
        var calibration = readings.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.Split(':'))
            .Select(r => new CalibrationReading("support-reply", r[0], r[1], 40, r[1] == "significant-drift" ? 1.4 : 0.2))
            .ToArray();

        var result = AlertConditionEvaluator.Evaluate(AlertTestData.Rule("calibration-drift", threshold, evaluator: evaluator), new AlertMeasurements(Calibration: calibration));

        Assert.True(AlertTestData.State(expected) == result.State, $"{rule}: expected {expected}, got {result.State} ({result.Summary})");
        Assert.Equal(value, result.Value);
    }

    [Theory]
    [InlineData("a page burn fires a ticket rule as a page", "ticket", "page", "holds", "page")]
    [InlineData("a ticket burn fires a ticket rule as a ticket", "ticket", "ticket", "holds", "ticket")]
    [InlineData("a ticket burn does not fire a page rule", "page", "ticket", "not", null)]
    [InlineData("a page burn fires a page rule", "page", "page", "holds", "page")]
    [InlineData("an info rule fires on any burn", "info", "ticket", "holds", "ticket")]
    [InlineData("not burning", "ticket", null, "not", null)]
    [InlineData("the SLO is gone", "ticket", "missing", "no-data", null)]
    public void Judges_slo_burn_by_the_severity_the_burn_calls_for(string rule, string ruleSeverity, string? burning, string expected, string? severity)
    {
        var reading = burning == "missing" ? null : new SloBurnReading("availability 99.5", burning, burning is null ? null : "burn 20 over 1h and 5m", 20, 1000);

        var result = AlertConditionEvaluator.Evaluate(AlertTestData.Rule("slo-burn", severity: ruleSeverity), new AlertMeasurements(Slo: reading));

        Assert.True(AlertTestData.State(expected) == result.State, $"{rule}: expected {expected}, got {result.State} ({result.Summary})");
        Assert.Equal(severity, result.Severity is { } s ? AlertSeverityNames.Of(s) : null);
        if (result.Holds)
            Assert.Equal(20, result.Value);
    }

    [Fact]
    public void The_summary_says_what_was_seen_and_when_it_fires()
    {
        var result = AlertConditionEvaluator.Evaluate(
            AlertTestData.Rule("error-rate-spike", 0.05), new AlertMeasurements(AlertTestData.Stats("ok:90 failed:10"), AlertTestData.Stats("ok:990 failed:10")));

        Assert.Equal("error rate 10 % over 5m (100 executions), baseline 1 %; fires at ≥ 5 % and ≥ 2× the baseline", result.Summary);
    }
}
