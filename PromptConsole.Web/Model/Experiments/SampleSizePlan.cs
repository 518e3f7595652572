using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Statistics;

namespace PromptConsole.Web.Model.Experiments;

/// <summary>What the planner is given: the primary metric's baseline and the effect to detect, with the arms and traffic.</summary>
/// <param name="Baseline">A rate in (0, 1) for rate metrics, a mean otherwise; null when unknown.</param>
/// <param name="StandardDeviation">Per-execution spread of a mean metric; ignored for rates.</param>
/// <param name="MdePercent">The relative effect to detect, in percent of the baseline.</param>
/// <param name="Weights">The arms' weights, control first.</param>
/// <param name="Coverage">The share of eligible traffic enrolled, in (0, 1].</param>
public sealed record SampleSizeInputs(
    ExperimentMetric Metric,
    double? Baseline,
    double? StandardDeviation,
    double MdePercent,
    double Alpha,
    double Power,
    int MinSamplesPerArm,
    IReadOnlyList<double> Weights,
    double EligiblePerDay,
    double Coverage);

/// <summary>
/// The planned sample and how long it takes. <paramref name="PerArm"/> is what the test needs,
/// <paramref name="PlannedPerArm"/> the larger of that and the experiment's minimum sample per arm (the
/// experiment reports no verdict before both). <paramref name="DurationText"/> is what the wizard shows.
/// </summary>
public sealed record SampleSizePlan(long? PerArm, long? PlannedPerArm, ExperimentDurationEstimate? Duration, string DurationText, Error? Error)
{
    public const string NoTraffic = "not enough traffic data yet";

    public const string NoBaseline = "not enough data for a baseline yet: enter one to plan";

    public static bool IsRate(ExperimentMetric metric) =>
        metric is ExperimentMetric.SuccessRate or ExperimentMetric.OutputCheckPassRate;

    public static SampleSizePlan From(SampleSizeInputs inputs)
    {
        if (inputs.Baseline is not { } baseline)
            return new SampleSizePlan(null, null, null, NoBaseline, null);

        // The effect is planned in the metric's good direction; for means the size depends only on its magnitude.
        var relativeMde = inputs.MdePercent / 100 * (ExperimentMetrics.HigherIsBetter(inputs.Metric) ? 1 : -1);
        var perArm = IsRate(inputs.Metric)
            ? SampleSize.PerArmForProportions(baseline, relativeMde, inputs.Alpha, inputs.Power)
            : SampleSize.PerArmForMeans(baseline, Square(inputs.StandardDeviation), relativeMde, inputs.Alpha, inputs.Power);
        if (!perArm.IsSuccess)
            return new SampleSizePlan(null, null, null, string.Empty, perArm.Error);

        var planned = Math.Max(perArm.Value, inputs.MinSamplesPerArm);
        if (!(inputs.EligiblePerDay > 0))
            return new SampleSizePlan(perArm.Value, planned, null, NoTraffic, null);

        var duration = ExperimentDuration.Estimate(planned, inputs.Weights.ToArray(), inputs.EligiblePerDay, inputs.Coverage);
        return duration.IsSuccess
            ? new SampleSizePlan(perArm.Value, planned, duration.Value, Describe(duration.Value.Days), null)
            : new SampleSizePlan(perArm.Value, planned, null, string.Empty, duration.Error);
    }

    /// <summary>"about 6 days", rounded up: a plan that ends early is the costly mistake.</summary>
    public static string Describe(double days)
    {
        if (days < 1)
        {
            var hours = Math.Max(1, (long)Math.Ceiling(days * 24));
            return string.Create(CultureInfo.InvariantCulture, $"less than a day (about {hours} hour{(hours == 1 ? "" : "s")})");
        }

        var whole = (long)Math.Ceiling(days);
        return string.Create(CultureInfo.InvariantCulture, $"about {whole:N0} day{(whole == 1 ? "" : "s")}");
    }

    private static double Square(double? value) => value is { } v ? v * v : double.NaN;
}
