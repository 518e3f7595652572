namespace PromptConsole.Domain.Experiments;

/// <summary>
/// An experiment and where it is in its lifecycle. Change it only through <see cref="ExperimentLifecycle"/>,
/// whose transitions refuse invalid moves; the constructor is for rebuilding a stored experiment.
/// </summary>
public sealed record Experiment(
    ExperimentDefinition Definition,
    ExperimentStatus Status,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? StoppedAt = null,
    ExperimentDecision? Decision = null)
{
    public string Key => Definition.Key;

    public string PromptKey => Definition.PromptKey;

    /// <summary>Running or paused: subjects may have been assigned, so their arms must not move silently.</summary>
    public bool IsLive => Status is ExperimentStatus.Running or ExperimentStatus.Paused;

    public static Experiment NewDraft(ExperimentDefinition definition) => new(definition, ExperimentStatus.Draft);
}
