using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments.Bucketing;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Domain.Experiments;

/// <summary>Why a request did or did not get an arm of one experiment.</summary>
public enum AssignmentOutcome
{
    /// <summary>The request's attributes miss the targeting: the experiment is not for it.</summary>
    NotTargeted,

    /// <summary>Targeted, but the subject attribute is missing, so there is nothing sticky to hash.</summary>
    NoSubject,

    /// <summary>Targeted and hashed, but the position falls outside every arm's covered range.</summary>
    OutsideCoverage,

    Assigned,
}

/// <summary>
/// One request against one experiment. <paramref name="ArmIndex"/> is −1 unless assigned;
/// <paramref name="Position"/> is the subject's hash position in [0, 1), or NaN when it was not hashed.
/// </summary>
public readonly record struct ExperimentAssignment(AssignmentOutcome Outcome, int ArmIndex, double Position)
{
    public bool IsAssigned => Outcome == AssignmentOutcome.Assigned;
}

/// <summary>
/// A started experiment ready for the request path: ranges from weights and coverage, the seed's hash
/// state and the targeting are all computed once, when the prompt's snapshot is built.
/// </summary>
public sealed class CompiledExperiment
{
    private readonly BucketRange[] _ranges;
    private readonly HashSeed _seed;

    private CompiledExperiment(Experiment experiment, CompiledTargeting targeting)
    {
        var definition = experiment.Definition;
        Key = definition.Key;
        PromptKey = definition.PromptKey;
        IsRunning = experiment.Status == ExperimentStatus.Running;
        StartedAt = experiment.StartedAt ?? DateTimeOffset.MinValue;
        SubjectAttribute = definition.SubjectAttribute;
        Arms = definition.Arms.ToArray();
        _ranges = definition.Allocation.Ranges();
        _seed = HashSeed.For(definition.Seed);
        Targeting = targeting;
    }

    public string Key { get; }

    public string PromptKey { get; }

    /// <summary>False when paused: a paused experiment routes nobody.</summary>
    public bool IsRunning { get; }

    public DateTimeOffset StartedAt { get; }

    public string SubjectAttribute { get; }

    public IReadOnlyList<ExperimentArm> Arms { get; }

    public IReadOnlyList<BucketRange> Ranges => _ranges;

    public CompiledTargeting Targeting { get; }

    /// <summary>Only a running or paused experiment compiles; a draft or stopped one has nothing to route.</summary>
    public static Result<CompiledExperiment> Compile(Experiment experiment)
    {
        if (!experiment.IsLive)
            return Error.Conflict("experiment-not-live", $"Experiment '{experiment.Key}' is {experiment.Status.ToString().ToLowerInvariant()}: only a running or paused one routes.");
        var targeting = CompiledTargeting.Compile(experiment.Definition.Targeting, experiment.Key);
        return targeting.IsSuccess ? new CompiledExperiment(experiment, targeting.Value) : targeting.Error!;
    }

    /// <summary>
    /// GrowthBook's order: targeting, then the hash attribute (missing means not enrolled), then
    /// <c>chooseVariation(hash(key, subject), ranges)</c>. Pure and sticky; allocates nothing.
    /// </summary>
    public ExperimentAssignment Assign(in RequestAttributes attributes)
    {
        if (!Targeting.Matches(attributes))
            return new ExperimentAssignment(AssignmentOutcome.NotTargeted, -1, double.NaN);
        if (!attributes.TryGet(SubjectAttribute, out var subject))
            return new ExperimentAssignment(AssignmentOutcome.NoSubject, -1, double.NaN);

        var position = _seed.Position(subject);
        var arm = BucketRanges.ChooseVariation(position, _ranges);
        return new ExperimentAssignment(arm < 0 ? AssignmentOutcome.OutsideCoverage : AssignmentOutcome.Assigned, arm, position);
    }
}
