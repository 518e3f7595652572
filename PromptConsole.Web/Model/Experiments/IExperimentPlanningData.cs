using PromptConsole.Domain.Experiments;

namespace PromptConsole.Web.Model.Experiments;

/// <summary>
/// The control's current level of a metric, for planning a sample size. <paramref name="Value"/> is a rate
/// in [0, 1] for rate metrics and a mean otherwise; <paramref name="Variance"/> is the per-execution
/// variance of a mean metric when it can be known (null for rates, and for means the store keeps no
/// spread of). <paramref name="Observations"/> is how many executions or scores it rests on.
/// </summary>
public sealed record MetricBaseline(double Value, double? Variance, long Observations);

/// <summary>Live traffic and baselines the wizard plans an experiment's sample size and duration from.</summary>
public interface IExperimentPlanningData
{
    /// <summary>How many executions of the prompt a day there are now (every version and route); 0 when there is no traffic yet.</summary>
    Task<double> EligibleExecutionsPerDayAsync(string promptKey, CancellationToken cancellationToken = default);

    /// <summary>The metric's current level for one version; null when the version has no data for it yet.</summary>
    Task<MetricBaseline?> BaselineAsync(string promptKey, int version, ExperimentMetric metric, CancellationToken cancellationToken = default);
}
