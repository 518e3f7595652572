using System.Globalization;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;

namespace PromptConsole.Domain.Alerts;

/// <summary>
/// Decides whether a rule's condition holds, from the measurements alone. The window is the rule's
/// (<see cref="AlertRuleDefinition.WindowSpan"/>, ending now); the baseline is the <see cref="BaselineSpan"/> before
/// it. "Executions" leave cancelled ones out where a rate is taken (the caller gave up, which says nothing about the
/// prompt). Rates and means need <see cref="MinimumExecutions"/> executions (or <see cref="MinimumScores"/> scores) in
/// the window, and in the baseline where one is compared, or the result is <see cref="AlertConditionState.NoData"/>:
/// one failure out of two executions must not page anybody. The conditions:
/// <list type="bullet">
/// <item><c>error-rate-spike</c>: the window's error rate (output rejected + provider failed, over executions) is
/// ≥ threshold AND ≥ <see cref="SpikeFactor"/> × the baseline's error rate. A baseline under the minimum leaves the
/// threshold alone to decide (a new prompt that fails everything still alerts). Value: the window's error rate.</item>
/// <item><c>latency-vs-baseline</c>: the window's p95 latency ≥ threshold × the baseline's p95. No data without a
/// baseline (or a baseline p95 of 0). Value: the ratio p95 / baseline p95.</item>
/// <item><c>success-rate-drop</c>: the window's success rate (successes over executions) ≤ threshold. Value: the
/// success rate.</item>
/// <item><c>cost-spike</c>: the window's cost per execution ≥ threshold × the baseline's. No data without a baseline
/// (or a baseline that cost nothing). Value: the ratio.</item>
/// <item><c>cache-hit-rate-drop</c>: the window's cache hit rate (exact + semantic hits over all executions) ≤ the
/// baseline's − threshold. No data without a baseline. Value: the drop, baseline − window.</item>
/// <item><c>quality-drop</c>: the mean automated score (0–1) of the window ≤ threshold. Value: the mean.</item>
/// <item><c>feedback-drop</c>: the mean of people's feedback (1–5) in the window ≤ threshold. Value: the mean.</item>
/// <item><c>calibration-drift</c>: the worst calibration status of the evaluators in scope, ranked well-calibrated 0,
/// minor-drift 0.5, significant-drift 1, is ≥ threshold: 1 fires on significant drift, 0.5 on minor drift or worse.
/// Evaluators with insufficient data are left out; none left is no data. Value: the worst rank.</item>
/// <item><c>provider-failures</c>: the number of executions in the window whose every attempt and fallback failed
/// (outcome provider-failed) ≥ threshold. A count needs no minimum. Value: the count.</item>
/// <item><c>slo-burn</c>: the SLO's multi-window burn-rate condition holds (its <c>Burning</c> is page or ticket) at
/// a severity ≥ the rule's; the alert takes the burn's severity. An SLO that is gone is no data. Value: the
/// highest burn rate of its windows.</item>
/// </list>
/// </summary>
public static class AlertConditionEvaluator
{
    public const int MinimumExecutions = 20;

    public const int MinimumScores = 5;

    public const double SpikeFactor = 2;

    /// <summary>The baseline window: the day before the rule's window.</summary>
    public static readonly TimeSpan BaselineSpan = TimeSpan.FromHours(24);

    public static AlertConditionResult Evaluate(AlertRuleDefinition rule, AlertMeasurements measurements)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(measurements);
        return rule.Condition switch
        {
            AlertCondition.ErrorRateSpike => ErrorRateSpike(rule, measurements.Window, measurements.Baseline),
            AlertCondition.LatencyVsBaseline => LatencyVsBaseline(rule, measurements.Window, measurements.Baseline),
            AlertCondition.SuccessRateDrop => SuccessRateDrop(rule, measurements.Window),
            AlertCondition.CostSpike => CostSpike(rule, measurements.Window, measurements.Baseline),
            AlertCondition.CacheHitRateDrop => CacheHitRateDrop(rule, measurements.Window, measurements.Baseline),
            AlertCondition.QualityDrop => MeanScore(rule, measurements.Window, QualitySource.Automated),
            AlertCondition.FeedbackDrop => MeanScore(rule, measurements.Window, QualitySource.Feedback),
            AlertCondition.CalibrationDrift => CalibrationDrift(rule, measurements.Calibration),
            AlertCondition.ProviderFailures => ProviderFailures(rule, measurements.Window),
            AlertCondition.SloBurn => SloBurn(rule, measurements.Slo),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Condition, "Unknown condition."),
        };
    }

    /// <summary>Executions a rate is taken over: all but the cancelled ones.</summary>
    public static long Considered(ExecutionStats? stats) =>
        stats is null ? 0 : stats.Count - stats.CountOf(ExecutionOutcome.Cancelled);

    private static AlertConditionResult ErrorRateSpike(AlertRuleDefinition rule, ExecutionStats? window, ExecutionStats? baseline)
    {
        if (TooFew(rule, window) is { } noData)
            return noData;
        var rate = window!.ErrorRate()!.Value;
        var described = $"error rate {Percent(rate)} over {rule.Window} ({Considered(window)} executions)";
        if (Considered(baseline) < MinimumExecutions)
        {
            return Verdict(rate >= rule.Threshold, rate,
                $"{described}, threshold {Percent(rule.Threshold)}; no baseline (fewer than {MinimumExecutions} executions in the 24 h before)");
        }

        var baselineRate = baseline!.ErrorRate()!.Value;
        return Verdict(rate >= rule.Threshold && rate >= SpikeFactor * baselineRate, rate,
            $"{described}, baseline {Percent(baselineRate)}; fires at ≥ {Percent(rule.Threshold)} and ≥ {Number(SpikeFactor)}× the baseline");
    }

    private static AlertConditionResult LatencyVsBaseline(AlertRuleDefinition rule, ExecutionStats? window, ExecutionStats? baseline)
    {
        if ((TooFew(rule, window) ?? NoBaseline(baseline)) is { } noData)
            return noData;
        var p95 = window!.LatencyMs.Quantile(0.95) ?? 0;
        var baselineP95 = baseline!.LatencyMs.Quantile(0.95) ?? 0;
        if (baselineP95 <= 0)
            return new(AlertConditionState.NoData, null, "the baseline p95 latency is 0 ms: no ratio to compare");
        var ratio = p95 / baselineP95;
        return Verdict(ratio >= rule.Threshold, ratio,
            $"p95 latency {Number(p95, "0")} ms over {rule.Window}, {Number(ratio)}× the baseline's {Number(baselineP95, "0")} ms; fires at ≥ {Number(rule.Threshold)}×");
    }

    private static AlertConditionResult SuccessRateDrop(AlertRuleDefinition rule, ExecutionStats? window)
    {
        if (TooFew(rule, window) is { } noData)
            return noData;
        var rate = (double)window!.CountOf(ExecutionOutcome.Success) / Considered(window);
        return Verdict(rate <= rule.Threshold, rate,
            $"success rate {Percent(rate)} over {rule.Window} ({Considered(window)} executions); fires at ≤ {Percent(rule.Threshold)}");
    }

    private static AlertConditionResult CostSpike(AlertRuleDefinition rule, ExecutionStats? window, ExecutionStats? baseline)
    {
        if ((TooFew(rule, window) ?? NoBaseline(baseline)) is { } noData)
            return noData;
        var cost = (double)window!.AverageCostUsd()!.Value;
        var baselineCost = (double)baseline!.AverageCostUsd()!.Value;
        if (baselineCost <= 0)
            return new(AlertConditionState.NoData, null, "the baseline cost nothing: no ratio to compare");
        var ratio = cost / baselineCost;
        return Verdict(ratio >= rule.Threshold, ratio,
            $"cost per execution ${Number(cost, "0.######")} over {rule.Window}, {Number(ratio)}× the baseline's ${Number(baselineCost, "0.######")}; fires at ≥ {Number(rule.Threshold)}×");
    }

    private static AlertConditionResult CacheHitRateDrop(AlertRuleDefinition rule, ExecutionStats? window, ExecutionStats? baseline)
    {
        if ((TooFew(rule, window) ?? NoBaseline(baseline)) is { } noData)
            return noData;
        var rate = window!.CacheHitRate()!.Value;
        var baselineRate = baseline!.CacheHitRate()!.Value;
        var drop = baselineRate - rate;

        // "≤ baseline − threshold" as a drop compared with the threshold, with a little slack for rounding.
        return Verdict(drop >= rule.Threshold - 1e-12, drop,
            $"cache hit rate {Percent(rate)} over {rule.Window}, baseline {Percent(baselineRate)}; fires at a drop of ≥ {Number(rule.Threshold * 100, "0.#")} points");
    }

    private static AlertConditionResult MeanScore(AlertRuleDefinition rule, ExecutionStats? window, QualitySource source)
    {
        var tally = source == QualitySource.Feedback ? window?.FeedbackQuality : window?.AutomatedQuality;
        var what = source == QualitySource.Feedback ? "mean feedback" : "mean automated score";
        if (tally is not { } scores || scores.Count < MinimumScores)
            return new(AlertConditionState.NoData, null, $"{CountOf(tally)} over {rule.Window}: fewer than {MinimumScores} to judge the {what}");
        var mean = scores.Average!.Value;
        return Verdict(mean <= rule.Threshold, mean,
            $"{what} {Number(mean)} over {rule.Window} ({scores.Count} scores); fires at ≤ {Number(rule.Threshold)}");

        static string CountOf(QualityTally? tally) => $"{tally?.Count ?? 0} score{(tally?.Count == 1 ? string.Empty : "s")}";
    }

    /// <summary>The calibration statuses ranked on the threshold's scale; insufficient data has no rank.</summary>
    public static double? CalibrationRank(string? status) => status switch
    {
        "well-calibrated" => 0,
        "minor-drift" => AlertRuleValidator.MinorDriftOrWorse,
        "significant-drift" => AlertRuleValidator.SignificantDrift,
        _ => null,
    };

    private static AlertConditionResult CalibrationDrift(AlertRuleDefinition rule, IReadOnlyList<CalibrationReading>? readings)
    {
        var inScope = (readings ?? [])
            .Where(r => rule.Evaluator is null || string.Equals(r.Evaluator, rule.Evaluator, StringComparison.Ordinal))
            .Where(r => CalibrationRank(r.Status) is not null)
            .ToArray();
        if (inScope.Length == 0)
        {
            var which = rule.Evaluator is null ? "any evaluator" : $"evaluator '{rule.Evaluator}'";
            return new(AlertConditionState.NoData, null, $"not enough automated scores with feedback over {rule.Window} to judge the calibration of {which}");
        }

        var worst = inScope.OrderByDescending(r => CalibrationRank(r.Status)).ThenByDescending(r => Math.Abs(r.MeanDelta ?? 0)).First();
        var rank = CalibrationRank(worst.Status)!.Value;
        var delta = worst.MeanDelta is { } d ? $", mean delta {Number(d, "+0.00;-0.00;0.00")}" : string.Empty;
        var fires = rule.Threshold >= AlertRuleValidator.SignificantDrift ? "significant drift" : "minor drift or worse";
        return Verdict(rank >= rule.Threshold, rank,
            $"{worst.Prompt} / {worst.Evaluator}: {worst.Status} over {rule.Window} ({worst.Pairs} pairs{delta}); fires on {fires}");
    }

    private static AlertConditionResult ProviderFailures(AlertRuleDefinition rule, ExecutionStats? window)
    {
        if (window is null)
            return new(AlertConditionState.NoData, null, $"no measurements over {rule.Window}");
        var failures = window.CountOf(ExecutionOutcome.ProviderFailed);
        return Verdict(failures >= rule.Threshold, failures,
            $"{failures} provider failure{(failures == 1 ? string.Empty : "s")} over {rule.Window} ({window.Count} executions); fires at ≥ {Number(rule.Threshold, "0")}");
    }

    private static AlertConditionResult SloBurn(AlertRuleDefinition rule, SloBurnReading? slo)
    {
        if (slo is null)
            return new(AlertConditionState.NoData, null, "the SLO was not found");
        var burnRate = slo.HighestBurnRate is { } b ? $", highest burn rate {Number(b)}" : string.Empty;
        if (AlertSeverityNames.Parse(slo.Burning) is not { } burning)
            return new(AlertConditionState.DoesNotHold, slo.HighestBurnRate, $"SLO {slo.Name}: not burning{burnRate}");
        var why = string.IsNullOrWhiteSpace(slo.Reason) ? string.Empty : $" ({slo.Reason})";
        if (burning < rule.Severity)
        {
            return new(AlertConditionState.DoesNotHold, slo.HighestBurnRate,
                $"SLO {slo.Name}: burning at {AlertSeverityNames.Of(burning)} level{why}{burnRate}; the rule fires at {AlertSeverityNames.Of(rule.Severity)} level");
        }

        return new(AlertConditionState.Holds, slo.HighestBurnRate, $"SLO {slo.Name}: burning at {AlertSeverityNames.Of(burning)} level{why}{burnRate}", burning);
    }

    private static AlertConditionResult? TooFew(AlertRuleDefinition rule, ExecutionStats? window)
    {
        var considered = Considered(window);
        return considered >= MinimumExecutions
            ? null
            : new(AlertConditionState.NoData, null, $"{considered} execution{(considered == 1 ? string.Empty : "s")} over {rule.Window}: fewer than {MinimumExecutions} to judge");
    }

    private static AlertConditionResult? NoBaseline(ExecutionStats? baseline)
    {
        var considered = Considered(baseline);
        return considered >= MinimumExecutions
            ? null
            : new(AlertConditionState.NoData, null, $"{considered} execution{(considered == 1 ? string.Empty : "s")} in the 24 h baseline: fewer than {MinimumExecutions} to compare with");
    }

    private static AlertConditionResult Verdict(bool holds, double value, string summary) =>
        new(holds ? AlertConditionState.Holds : AlertConditionState.DoesNotHold, value, summary);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);
}
