using PromptConsole.Domain.Experiments;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Model;

/// <summary>One arm as a list row shows it: its version and its share of the enrolled traffic.</summary>
public sealed record ArmShareRow(string Name, int Version, string Share);

/// <summary>An experiment as the list shows it.</summary>
public sealed record ExperimentRow(
    string Key,
    string PromptKey,
    ExperimentStatus Status,
    IReadOnlyList<ArmShareRow> Arms,
    string PrimaryMetric,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    string Decision,
    string? DecisionReason)
{
    public bool IsLive => Status is ExperimentStatus.Running or ExperimentStatus.Paused;

    public static ExperimentRow From(ExperimentDetails details)
    {
        var experiment = details.Experiment;
        var definition = experiment.Definition;
        var total = definition.Arms.Sum(a => a.Weight);
        return new ExperimentRow(
            definition.Key,
            definition.PromptKey,
            experiment.Status,
            definition.Arms.Select(a => new ArmShareRow(a.Name, a.Version, ExperimentFormat.Percent(a.Weight, total))).ToArray(),
            ExperimentFormat.MetricLabel(definition.PrimaryMetric),
            experiment.StartedAt,
            experiment.StoppedAt,
            ExperimentFormat.Decision(experiment.Decision),
            details.DecisionReason);
    }
}

/// <summary>The experiments table, of every prompt or of one; the prompt page uses it for its live experiments.</summary>
public sealed class ExperimentListViewModel(IExperimentService experiments)
{
    public string? PromptKey { get; private set; }

    public IReadOnlyList<ExperimentRow> Items { get; private set; } = [];

    /// <summary>Running and paused experiments: the ones that route (or may again route) traffic.</summary>
    public IReadOnlyList<ExperimentRow> Live => Items.Where(i => i.IsLive).ToArray();

    public bool Loading { get; private set; }

    public bool Loaded { get; private set; }

    public async Task LoadAsync(string? promptKey, CancellationToken cancellationToken = default)
    {
        PromptKey = string.IsNullOrWhiteSpace(promptKey) ? null : promptKey.Trim();
        Loading = true;
        try
        {
            var items = await experiments.ListAsync(PromptKey, cancellationToken);
            Items = items.Select(ExperimentRow.From).ToArray();
            Loaded = true;
        }
        finally
        {
            Loading = false;
        }
    }
}
