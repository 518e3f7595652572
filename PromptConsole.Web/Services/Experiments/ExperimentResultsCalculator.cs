using System.Globalization;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Web.Services.Experiments;

/// <summary>
/// Turns an experiment's per-arm totals (and a sample of its executions, for the p95 and the timeline)
/// into results: every metric per arm, each treatment's effect against the control (fixed-horizon and
/// sequential intervals, chance to beat control), the sample-ratio check and a recommendation. Pure:
/// the same inputs give the same results.
/// </summary>
public static class ExperimentResultsCalculator
{
    /// <summary>At most this many timeline points per arm: long experiments get wider buckets than an hour.</summary>
    public const int MaxTimelinePoints = 200;

    public static ExperimentResults Calculate(
        Experiment experiment,
        IReadOnlyDictionary<string, ArmTotals> totals,
        IReadOnlyList<ExperimentObservation> sample,
        IReadOnlyDictionary<string, long> notEnrolledByReason,
        DateTimeOffset now,
        double confidenceLevel = ConfidenceLevels.Default)
    {
        var definition = experiment.Definition;
        var arms = definition.Arms;
        var armTotals = arms.Select(a => totals.TryGetValue(a.Name, out var t) ? t : ArmTotals.Empty).ToArray();
        var metrics = MetricsOf(definition);
        var p95 = arms.Select(a => Percentile(sample.Where(o => o.Arm == a.Name).Select(o => o.LatencyMs), 0.95)).ToArray();

        var armResults = new ArmResult[arms.Count];
        for (var i = 0; i < arms.Count; i++)
        {
            var results = metrics
                .Select(m => MetricOf(m.Metric, m.Role, armTotals[0], armTotals[i], p95[i], i == 0, confidenceLevel))
                .ToArray();
            armResults[i] = new ArmResult(arms[i].Name, arms[i].Version, arms[i].Weight, i == 0, armTotals[i].Executions, armTotals[i].FirstAt, armTotals[i].LastAt, results);
        }

        var srmCheck = SampleRatioMismatch.Check(armTotals.Select(t => t.Executions).ToArray(), arms.Select(a => a.Weight).ToArray());
        var srm = new SrmResult(srmCheck.ChiSquare, srmCheck.PValue, srmCheck.Mismatch);
        var exposure = new ExposureView(
            armTotals.Sum(t => t.Executions),
            armTotals.Where(t => t.FirstAt is not null).Select(t => t.FirstAt).Min(),
            armTotals.Where(t => t.LastAt is not null).Select(t => t.LastAt).Max(),
            notEnrolledByReason.Values.Sum(),
            notEnrolledByReason);

        return new ExperimentResults(
            definition.Key,
            experiment.Status.ToString().ToLowerInvariant(),
            ExperimentMetrics.NameOf(definition.PrimaryMetric),
            confidenceLevel,
            exposure,
            armResults,
            srm,
            Recommend(definition, armResults, srm),
            Timeline(definition, sample, confidenceLevel),
            now);
    }

    /// <summary>
    /// The rules, in order: a sample-ratio mismatch makes the results unreadable; an arm short of its
    /// minimum sample keeps the experiment running; a treatment whose primary metric is significantly better
    /// (sequential) and no guardrail significantly worse ships (the one most likely to beat control when
    /// several qualify); when every treatment is significantly worse on the primary metric or fails a
    /// guardrail, stop and keep the control; otherwise keep running.
    /// </summary>
    public static Recommendation Recommend(ExperimentDefinition definition, IReadOnlyList<ArmResult> arms, SrmResult srm)
    {
        var reasons = new List<string>();
        if (srm.Mismatch)
        {
            reasons.Add(Sentence($"The arms' sizes ({string.Join(" / ", arms.Select(a => a.N))}) do not match their weights ({string.Join(" / ", arms.Select(a => a.Weight))}): sample-ratio mismatch, p = {srm.PValue:G3}."));
            reasons.Add("Assignment or recording is broken somewhere; do not read these results until the cause is found.");
            return new Recommendation("invalid", null, reasons);
        }

        var short_ = arms.Where(a => a.N < definition.MinSamplesPerArm).ToArray();
        if (short_.Length > 0)
        {
            reasons.Add(Sentence($"{string.Join(", ", short_.Select(a => $"'{a.Name}' has {a.N}"))} of the {definition.MinSamplesPerArm} executions each arm needs before the results are read."));
            return new Recommendation("keepRunning", null, reasons);
        }

        var primaryName = ExperimentMetrics.NameOf(definition.PrimaryMetric);
        string? winner = null;
        var bestChance = double.NegativeInfinity;
        var losers = 0;
        var treatments = arms.Where(a => !a.Control).ToArray();
        foreach (var arm in treatments)
        {
            var primary = arm.Metrics.First(m => m.Metric == primaryName).Effect;
            var failedGuardrails = arm.Metrics.Where(m => m.Role == "guardrail" && m.Effect?.Verdict == "worse").Select(m => m.Metric).ToArray();
            if (failedGuardrails.Length > 0)
                reasons.Add(Sentence($"'{arm.Name}' is significantly worse than the control on guardrail {string.Join(", ", failedGuardrails)}."));

            switch (primary?.Verdict)
            {
                case "better" when failedGuardrails.Length == 0:
                    reasons.Add(Sentence($"'{arm.Name}' is significantly better than the control on {primaryName} (sequential p = {primary.Sequential.PValue:G3}, chance to beat control {primary.ChanceToBeatControl:P1})."));
                    if (primary.ChanceToBeatControl > bestChance)
                        (winner, bestChance) = (arm.Name, primary.ChanceToBeatControl);
                    break;
                case "better":
                    reasons.Add(Sentence($"'{arm.Name}' improves {primaryName}, but a guardrail fails, so it cannot ship."));
                    losers++;
                    break;
                case "worse":
                    reasons.Add(Sentence($"'{arm.Name}' is significantly worse than the control on {primaryName} (sequential p = {primary.Sequential.PValue:G3})."));
                    losers++;
                    break;
                default:
                    if (failedGuardrails.Length > 0)
                        losers++;
                    else
                        reasons.Add(Sentence($"'{arm.Name}' shows no significant difference on {primaryName} yet."));
                    break;
            }
        }

        if (winner is not null)
            return new Recommendation("ship", winner, reasons);
        if (treatments.Length > 0 && losers == treatments.Length)
        {
            reasons.Add("No treatment can win: stop and keep the control.");
            return new Recommendation("stop", null, reasons);
        }

        reasons.Add("Keep running until an effect is significant or the end date is reached.");
        return new Recommendation("keepRunning", null, reasons);
    }

    /// <summary>The linear-interpolation percentile (Hyndman &amp; Fan type 7, numpy's and Excel's default); null for no values.</summary>
    public static double? Percentile(IEnumerable<double> values, double quantile)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
            return null;
        Array.Sort(sorted);
        var position = quantile * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static (ExperimentMetric Metric, string Role)[] MetricsOf(ExperimentDefinition definition)
    {
        // Every metric is reported; the primary and the guardrails are marked, the rest are informational.
        var roles = new List<(ExperimentMetric, string)> { (definition.PrimaryMetric, "primary") };
        roles.AddRange(definition.Guardrails.Select(g => (g, "guardrail")));
        foreach (var metric in Enum.GetValues<ExperimentMetric>())
        {
            if (metric != definition.PrimaryMetric && !definition.Guardrails.Contains(metric))
                roles.Add((metric, "secondary"));
        }

        return roles.ToArray();
    }

    private static MetricResult MetricOf(ExperimentMetric metric, string role, ArmTotals control, ArmTotals arm, double? p95, bool isControl, double confidenceLevel)
    {
        var name = ExperimentMetrics.NameOf(metric);
        var test = TestName(metric);
        var (value, count) = ValueOf(metric, arm, p95);
        var effect = isControl ? null : Compare(metric, control, arm, confidenceLevel);
        return new MetricResult(name, role, value, count, test, effect);
    }

    private static string TestName(ExperimentMetric metric) => metric switch
    {
        ExperimentMetric.SuccessRate or ExperimentMetric.OutputCheckPassRate => "two-proportion",
        ExperimentMetric.P95Latency => "welch-mean",
        _ => "welch",
    };

    private static (double? Value, long Count) ValueOf(ExperimentMetric metric, ArmTotals arm, double? p95) => metric switch
    {
        ExperimentMetric.SuccessRate => (arm.Executions == 0 ? null : (double)arm.Answered / arm.Executions, arm.Executions),
        ExperimentMetric.OutputCheckPassRate => (arm.Answered == 0 ? null : (double)arm.Passed / arm.Answered, arm.Answered),
        ExperimentMetric.P95Latency => (p95, arm.LatencyMs.Count),
        _ => MeanOf(SumsOf(metric, arm)),
    };

    private static (double? Value, long Count) MeanOf(MeanSums sums) => (sums.Count == 0 ? null : sums.Sum / sums.Count, sums.Count);

    private static MeanSums SumsOf(ExperimentMetric metric, ArmTotals arm) => metric switch
    {
        ExperimentMetric.P95Latency => arm.LatencyMs,
        ExperimentMetric.CostPerExecution => arm.CostUsd,
        ExperimentMetric.Feedback => arm.Feedback,
        ExperimentMetric.AutomatedScore => arm.AutomatedScore,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a mean metric."),
    };

    /// <summary>Absolute and relative effects with the number of observations behind them; null when an arm has too few.</summary>
    private static (EffectEstimate Absolute, EffectEstimate? Relative, long Total)? Effects(ExperimentMetric metric, ArmTotals control, ArmTotals arm, double confidenceLevel)
    {
        switch (metric)
        {
            case ExperimentMetric.SuccessRate:
            case ExperimentMetric.OutputCheckPassRate:
                var (c, t) = metric == ExperimentMetric.SuccessRate
                    ? (new ProportionSummary(control.Executions, control.Answered), new ProportionSummary(arm.Executions, arm.Answered))
                    : (new ProportionSummary(control.Answered, control.Passed), new ProportionSummary(arm.Answered, arm.Passed));
                return ProportionComparison.Compare(c, t, confidenceLevel) is { } proportions
                    ? (proportions.Difference, proportions.Lift, c.Count + t.Count)
                    : null;
            default:
                var (cs, ts) = (SumsOf(metric, control), SumsOf(metric, arm));
                var (cSummary, tSummary) = (SampleSummary.FromSums(cs.Count, cs.Sum, cs.SumOfSquares), SampleSummary.FromSums(ts.Count, ts.Sum, ts.SumOfSquares));
                return MeanComparison.Compare(cSummary, tSummary, confidenceLevel) is { } means
                    ? (means.Absolute, means.Relative, cSummary.Count + tSummary.Count)
                    : null;
        }
    }

    private static EffectView? Compare(ExperimentMetric metric, ArmTotals control, ArmTotals arm, double confidenceLevel)
    {
        if (Effects(metric, control, arm, confidenceLevel) is not var (absolute, relative, total))
            return null;

        var lowerIsBetter = !ExperimentMetrics.HigherIsBetter(metric);
        var sequential = SequentialTesting.Evaluate(absolute, total, confidenceLevel);
        var sequentialRelative = relative is null ? null : SequentialTesting.Evaluate(relative, total, confidenceLevel);
        var bayes = BayesianEffect.Evaluate(absolute, lowerIsBetter, credibleLevel: confidenceLevel);
        var verdict = sequential.Lower > 0 || sequential.Upper < 0
            ? (sequential.Estimate > 0) != lowerIsBetter ? "better" : "worse"
            : "inconclusive";
        return new EffectView(
            View(absolute),
            relative is null ? null : View(relative),
            View(sequential),
            sequentialRelative is null ? null : View(sequentialRelative),
            bayes.ChanceToWin,
            verdict);
    }

    private static IntervalView View(EffectEstimate e) => new(e.Estimate, e.Lower, e.Upper, e.PValue);

    private static IntervalView View(SequentialEstimate e) => new(e.Estimate, e.Lower, e.Upper, e.PValue);

    /// <summary>
    /// The cumulative absolute effect of every treatment on the primary metric at the end of each bucket
    /// (an hour, or wider so there are at most <see cref="MaxTimelinePoints"/>), with the sequential interval:
    /// the one that stays valid when the chart is watched as it grows.
    /// </summary>
    private static IReadOnlyList<TimelinePoint> Timeline(ExperimentDefinition definition, IReadOnlyList<ExperimentObservation> sample, double confidenceLevel)
    {
        if (sample.Count == 0)
            return [];

        var ordered = sample.OrderBy(o => o.At).ToArray();
        var start = ordered[0].At;
        var span = ordered[^1].At - start;
        var hours = Math.Max(1, (int)Math.Ceiling(span.TotalHours / MaxTimelinePoints));
        var bucket = TimeSpan.FromHours(hours);

        var running = definition.Arms.ToDictionary(a => a.Name, _ => ArmTotals.Empty, StringComparer.Ordinal);
        var points = new List<TimelinePoint>();
        var index = 0;
        for (var end = start + bucket; index < ordered.Length; end += bucket)
        {
            for (; index < ordered.Length && ordered[index].At < end; index++)
            {
                var o = ordered[index];
                if (running.TryGetValue(o.Arm, out var totals))
                    running[o.Arm] = Add(totals, o);
            }

            var control = running[definition.Control.Name];
            foreach (var arm in definition.Arms.Skip(1))
            {
                var totals = running[arm.Name];
                if (Effects(definition.PrimaryMetric, control, totals, confidenceLevel) is not var (absolute, _, total))
                    continue;
                var sequential = SequentialTesting.Evaluate(absolute, total, confidenceLevel);
                points.Add(new TimelinePoint(end, arm.Name, Count(definition.PrimaryMetric, control), Count(definition.PrimaryMetric, totals), sequential.Estimate, sequential.Lower, sequential.Upper));
            }
        }

        return points;
    }

    private static long Count(ExperimentMetric metric, ArmTotals totals) =>
        metric == ExperimentMetric.OutputCheckPassRate ? totals.Answered : metric is ExperimentMetric.SuccessRate ? totals.Executions : SumsOf(metric, totals).Count;

    private static ArmTotals Add(ArmTotals t, ExperimentObservation o) => new(
        t.Executions + 1,
        t.Answered + (o.Answered ? 1 : 0),
        t.Passed + (o.Passed ? 1 : 0),
        t.LatencyMs.Add(o.LatencyMs),
        t.CostUsd.Add(o.CostUsd),
        o.Feedback is { } feedback ? t.Feedback.Add(feedback) : t.Feedback,
        o.AutomatedScore is { } score ? t.AutomatedScore.Add(score) : t.AutomatedScore,
        t.FirstAt ?? o.At,
        o.At);

    private static string Sentence(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
