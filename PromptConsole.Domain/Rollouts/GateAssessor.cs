using System.Globalization;
using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// Measures one gate: candidate against baseline over the same window, then Argo Rollouts' phase rule
/// (<c>evaluate.EvaluateResult</c>): with both conditions, failure wins, then success, else inconclusive;
/// with only a success condition, not meeting it fails; with only a failure condition, not meeting it succeeds.
/// A statistical gate fails only when, in addition, the sequential test (always valid however often the
/// controller looks) finds the candidate worse at the 95 % level; otherwise the would-be failure is
/// inconclusive: worse, but possibly noise.
/// </summary>
public static class GateAssessor
{
    public static GateMeasurement Assess(CanaryGate gate, ArmWindow candidate, ArmWindow baseline, double confidenceLevel = ConfidenceLevels.Default)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);

        var values = Values(gate.Metric, candidate, baseline);
        if (values.Missing is { } missing)
            return new GateMeasurement(gate.Metric, MeasurementPhase.Error, values.Candidate, values.Baseline, null, null, missing);

        var value = values.Value!.Value;
        var success = gate.SuccessCondition?.IsMetBy(value) ?? false;
        var failure = gate.FailureCondition?.IsMetBy(value) ?? false;
        if (gate.SuccessCondition is null && gate.FailureCondition is null)
            success = true;
        else if (gate.FailureCondition is null)
            failure = !success;
        else if (gate.SuccessCondition is null)
            success = !failure;

        var described = Describe(gate.Metric, values.Candidate, values.Baseline, value);
        double? pValue = null;
        if (gate.Statistical)
        {
            var test = WorseWithSignificance(gate.Metric, candidate, baseline, confidenceLevel);
            pValue = test.PValue;
            if (failure && !test.Worse)
            {
                return new GateMeasurement(gate.Metric, MeasurementPhase.Inconclusive, values.Candidate, values.Baseline, value, pValue,
                    $"{described} meets the failure condition ({Condition(gate.FailureCondition, success)}) but is not significantly worse (p = {Number(test.PValue)})");
            }
        }

        if (failure)
            return new GateMeasurement(gate.Metric, MeasurementPhase.Failed, values.Candidate, values.Baseline, value, pValue,
                $"{described} meets the failure condition {Condition(gate.FailureCondition, success)}");
        if (success)
            return new GateMeasurement(gate.Metric, MeasurementPhase.Successful, values.Candidate, values.Baseline, value, pValue,
                $"{described} meets the success condition {Condition(gate.SuccessCondition, null)}");
        return new GateMeasurement(gate.Metric, MeasurementPhase.Inconclusive, values.Candidate, values.Baseline, value, pValue,
            $"{described} is between the success ({Condition(gate.SuccessCondition, null)}) and the failure condition ({Condition(gate.FailureCondition, null)})");
    }

    private sealed record ArmValues(double? Candidate, double? Baseline, double? Value, string? Missing);

    private static ArmValues Values(GateMetric metric, ArmWindow candidate, ArmWindow baseline)
    {
        switch (metric)
        {
            case GateMetric.ErrorRate:
                if (Missing(candidate.Executions, baseline.Executions, "executions") is { } noExecutions)
                    return new ArmValues(null, null, null, noExecutions);
                return Difference(Rate(candidate.Failed, candidate.Executions), Rate(baseline.Failed, baseline.Executions));
            case GateMetric.CheckFailureRate:
                if (Missing(candidate.Answered, baseline.Answered, "answered executions") is { } noAnswers)
                    return new ArmValues(null, null, null, noAnswers);
                return Difference(Rate(candidate.CheckFailed, candidate.Answered), Rate(baseline.CheckFailed, baseline.Answered));
            case GateMetric.P95LatencyRatio:
                if (candidate.P95LatencyMs is not { } candidateP95 || baseline.P95LatencyMs is not { } baselineP95)
                    return new ArmValues(candidate.P95LatencyMs, baseline.P95LatencyMs, null, Missing(candidate.Executions, baseline.Executions, "executions") ?? "no latency measured");
                return Ratio(candidateP95, baselineP95);
            case GateMetric.CostPerExecutionRatio:
                if (Missing(candidate.Cost.Count, baseline.Cost.Count, "executions") is { } noCost)
                    return new ArmValues(null, null, null, noCost);
                return Ratio(candidate.Cost.Mean, baseline.Cost.Mean);
            case GateMetric.Feedback:
                if (Missing(candidate.Feedback.Count, baseline.Feedback.Count, "feedback") is { } noFeedback)
                    return new ArmValues(null, null, null, noFeedback);
                return Difference(candidate.Feedback.Mean, baseline.Feedback.Mean);
            case GateMetric.AutomatedScore:
                if (Missing(candidate.Score.Count, baseline.Score.Count, "automated scores") is { } noScores)
                    return new ArmValues(null, null, null, noScores);
                return Difference(candidate.Score.Mean, baseline.Score.Mean);
            default:
                return new ArmValues(null, null, null, $"unknown metric {metric}");
        }
    }

    private static string? Missing(long candidate, long baseline, string what) =>
        candidate == 0 && baseline == 0 ? $"no {what} on either arm"
        : candidate == 0 ? $"no {what} on the candidate"
        : baseline == 0 ? $"no {what} on the baseline"
        : null;

    private static double Rate(long part, long whole) => (double)part / whole;

    private static ArmValues Difference(double candidate, double baseline) => new(candidate, baseline, candidate - baseline, null);

    /// <summary>A zero baseline (an instant simulator, free executions) with a zero candidate is equal (1); with a positive candidate, infinitely worse.</summary>
    private static ArmValues Ratio(double candidate, double baseline) =>
        new(candidate, baseline, baseline > 0 ? candidate / baseline : candidate > 0 ? double.PositiveInfinity : 1, null);

    private readonly record struct Significance(bool Worse, double? PValue);

    /// <summary>
    /// The sequential test of the experiments (GrowthBook's mixture SPRT) on the effect behind the gate: the
    /// difference of the rates for errors and check failures, of the means for feedback and scores, and the
    /// relative difference of the means for latency and cost (a p95 has no standard error; its mean moves with it).
    /// </summary>
    private static Significance WorseWithSignificance(GateMetric metric, ArmWindow candidate, ArmWindow baseline, double confidenceLevel)
    {
        EffectEstimate? effect;
        long total;
        switch (metric)
        {
            case GateMetric.ErrorRate:
                effect = ProportionComparison.Compare(new ProportionSummary(baseline.Executions, baseline.Failed), new ProportionSummary(candidate.Executions, candidate.Failed), confidenceLevel)?.Difference;
                total = candidate.Executions + baseline.Executions;
                break;
            case GateMetric.CheckFailureRate:
                effect = ProportionComparison.Compare(new ProportionSummary(baseline.Answered, baseline.CheckFailed), new ProportionSummary(candidate.Answered, candidate.CheckFailed), confidenceLevel)?.Difference;
                total = candidate.Answered + baseline.Answered;
                break;
            case GateMetric.P95LatencyRatio:
                effect = Relative(MeanComparison.Compare(baseline.Latency, candidate.Latency, confidenceLevel));
                total = candidate.Latency.Count + baseline.Latency.Count;
                break;
            case GateMetric.CostPerExecutionRatio:
                effect = Relative(MeanComparison.Compare(baseline.Cost, candidate.Cost, confidenceLevel));
                total = candidate.Cost.Count + baseline.Cost.Count;
                break;
            case GateMetric.Feedback:
                effect = MeanComparison.Compare(baseline.Feedback, candidate.Feedback, confidenceLevel)?.Absolute;
                total = candidate.Feedback.Count + baseline.Feedback.Count;
                break;
            case GateMetric.AutomatedScore:
                effect = MeanComparison.Compare(baseline.Score, candidate.Score, confidenceLevel)?.Absolute;
                total = candidate.Score.Count + baseline.Score.Count;
                break;
            default:
                return new Significance(false, null);
        }

        if (effect is null || total < 1 || !double.IsFinite(effect.Estimate) || !double.IsFinite(effect.StandardError))
            return new Significance(false, null);
        var sequential = SequentialTesting.Evaluate(effect, total, confidenceLevel);
        var worse = GateMetrics.HigherIsWorse(metric) ? sequential.Lower > 0 : sequential.Upper < 0;
        return new Significance(worse, sequential.PValue);
    }

    private static EffectEstimate? Relative(MeanComparison? comparison) => comparison?.Relative ?? comparison?.Absolute;

    private static string Describe(GateMetric metric, double? candidate, double? baseline, double value)
    {
        var name = GateMetrics.NameOf(metric);
        return GateMetrics.IsRatio(metric)
            ? $"{name} {Number(value)} (candidate {Number(candidate)} / baseline {Number(baseline)})"
            : $"{name} {Signed(value)} (candidate {Number(candidate)} − baseline {Number(baseline)})";
    }

    private static string Condition(GateCondition? condition, bool? successMet) => condition is null
        ? successMet == false ? "success condition not met" : "none"
        : GateConditions.Format(condition);

    private static string Number(double? value) => value switch
    {
        null => "n/a",
        { } v when double.IsPositiveInfinity(v) => "∞",
        { } v => v.ToString("0.####", CultureInfo.InvariantCulture),
    };

    private static string Signed(double value) => (value >= 0 ? "+" : "") + Number(value);
}
