using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Model.Experiments;

namespace PromptConsole.Tests.Components.Fakes;

/// <summary>Fixed traffic and baselines; records which version and metric each baseline was asked for.</summary>
public sealed class FakePlanningData : IExperimentPlanningData
{
    public double ExecutionsPerDay { get; set; }

    public Dictionary<ExperimentMetric, MetricBaseline> Baselines { get; } = [];

    public List<(string Prompt, int Version, ExperimentMetric Metric)> BaselineQueries { get; } = [];

    public Task<double> EligibleExecutionsPerDayAsync(string promptKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(ExecutionsPerDay);

    public Task<MetricBaseline?> BaselineAsync(string promptKey, int version, ExperimentMetric metric, CancellationToken cancellationToken = default)
    {
        BaselineQueries.Add((promptKey, version, metric));
        return Task.FromResult(Baselines.TryGetValue(metric, out var baseline) ? baseline : null);
    }
}
