namespace PromptConsole.Web.Services.Experiments;

/// <summary>Count, sum and sum of squares of one arm's values of a mean metric: they add up exactly across rows and instances.</summary>
public readonly record struct MeanSums(long Count, double Sum, double SumOfSquares)
{
    public static MeanSums Empty => default;

    public MeanSums Add(double value) => new(Count + 1, Sum + value, SumOfSquares + value * value);
}

/// <summary>
/// One arm's totals over the experiment's execution records (the SQL aggregation's row): executions,
/// answered ones (success or output rejected), passed ones (success), and the sums of the mean metrics.
/// </summary>
public sealed record ArmTotals(
    long Executions,
    long Answered,
    long Passed,
    MeanSums LatencyMs,
    MeanSums CostUsd,
    MeanSums Feedback,
    MeanSums AutomatedScore,
    DateTimeOffset? FirstAt,
    DateTimeOffset? LastAt)
{
    public static ArmTotals Empty { get; } = new(0, 0, 0, default, default, default, default, null, null);
}

/// <summary>One execution of the experiment as the timeline and the p95 need it.</summary>
public sealed record ExperimentObservation(string Arm, DateTimeOffset At, bool Answered, bool Passed, double LatencyMs, double CostUsd, int? Feedback, double? AutomatedScore);

/// <summary>An estimate with its interval and p-value, in the metric's unit (absolute) or as a fraction (relative).</summary>
public sealed record IntervalView(double Estimate, double Lower, double Upper, double PValue);

/// <summary>
/// A non-control arm against the control on one metric. <see cref="Absolute"/> and <see cref="Relative"/> are
/// fixed-horizon (valid at one planned look); <see cref="Sequential"/> and <see cref="SequentialRelative"/>
/// are always valid (mSPRT), which is what decisions use since results are looked at continually.
/// <see cref="Verdict"/> is <c>better</c>, <c>worse</c> (the sequential interval excludes 0 and the
/// direction honours lower-is-better metrics) or <c>inconclusive</c>.
/// </summary>
public sealed record EffectView(
    IntervalView Absolute,
    IntervalView? Relative,
    IntervalView Sequential,
    IntervalView? SequentialRelative,
    double ChanceToBeatControl,
    string Verdict);

/// <summary>
/// One metric of one arm. <see cref="Count"/> is the number of observations behind it (answered executions for
/// the check pass rate, rated executions for feedback). <see cref="Test"/> names the test of
/// <see cref="Effect"/>: <c>two-proportion</c> (z-test) for rates, <c>welch</c> for means, and
/// <c>welch-mean</c> for p95 latency, whose value is the 95th percentile but whose test compares mean latency.
/// </summary>
public sealed record MetricResult(string Metric, string Role, double? Value, long Count, string Test, EffectView? Effect);

public sealed record ArmResult(string Name, int Version, double Weight, bool Control, long N, DateTimeOffset? FirstAt, DateTimeOffset? LastAt, IReadOnlyList<MetricResult> Metrics);

/// <summary>The sample-ratio check: arms' counts against their weights (chi-square, mismatch at p &lt; 0.001).</summary>
public sealed record SrmResult(double ChiSquare, double PValue, bool Mismatch);

/// <summary>
/// What the numbers suggest: <c>invalid</c> (do not read the results), <c>keepRunning</c>, <c>ship</c>
/// (<see cref="Arm"/>), or <c>stop</c> (no treatment can win: keep the control). The sentences say why.
/// </summary>
public sealed record Recommendation(string Action, string? Arm, IReadOnlyList<string> Reasoning);

/// <summary>
/// Who the experiment reached: <see cref="Executions"/> enrolled, and <see cref="NotEnrolled"/> requests it targeted that got
/// the label's version instead, by reason (<c>no_subject</c>, <c>outside_coverage</c>, <c>unknown_version</c>).
/// </summary>
public sealed record ExposureView(long Executions, DateTimeOffset? FirstAt, DateTimeOffset? LastAt, long NotEnrolled, IReadOnlyDictionary<string, long> NotEnrolledByReason);

/// <summary>The cumulative effect of one arm on the primary metric up to <see cref="At"/>, with its always-valid interval.</summary>
public sealed record TimelinePoint(DateTimeOffset At, string Arm, long ControlN, long ArmN, double Estimate, double Lower, double Upper);

public sealed record ExperimentResults(
    string Key,
    string Status,
    string PrimaryMetric,
    double ConfidenceLevel,
    ExposureView Exposure,
    IReadOnlyList<ArmResult> Arms,
    SrmResult Srm,
    Recommendation Recommendation,
    IReadOnlyList<TimelinePoint> Timeline,
    DateTimeOffset ComputedAt);
