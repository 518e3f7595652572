using Microsoft.Extensions.Options;
using PromptConsole.Domain.Rollouts;

namespace PromptConsole.Web.Configuration;

/// <summary>Safeguards and watch of automatic rollbacks (section <c>PromptConsole:Rollbacks</c>).</summary>
public sealed class RollbackOptions
{
    public const string Section = "PromptConsole:Rollbacks";

    /// <summary>Time between two automatic rollbacks of one prompt.</summary>
    public TimeSpan MinInterval { get; set; } = RollbackSafeguardLimits.Default.MinInterval;

    /// <summary>Automatic rollbacks of one prompt in any rolling 24 hours; after that, manual only.</summary>
    public int MaxPer24Hours { get; set; } = RollbackSafeguardLimits.Default.MaxPer24Hours;

    /// <summary>The snapshot at rollback covers the losing version's executions over this much time before it.</summary>
    public TimeSpan SnapshotWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long recovery is watched; the figures after cover the restored version over this window.</summary>
    public TimeSpan RecoveryWatch { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the watcher looks for watches that ended; a verdict comes at most this late.</summary>
    public TimeSpan RecoveryCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An error rate at or below this counts as recovered whatever it was before (see RecoveryAssessment).</summary>
    public double RecoveryErrorRateFloor { get; set; } = RecoveryAssessment.DefaultErrorRateFloor;

    public RollbackSafeguardLimits Limits => new(MinInterval, MaxPer24Hours);
}

public sealed class RollbackOptionsValidator : IValidateOptions<RollbackOptions>
{
    public ValidateOptionsResult Validate(string? name, RollbackOptions options)
    {
        var failures = new List<string>();
        if (options.MinInterval < TimeSpan.Zero)
            failures.Add($"{RollbackOptions.Section}:MinInterval must not be negative.");
        if (options.MaxPer24Hours < 1)
            failures.Add($"{RollbackOptions.Section}:MaxPer24Hours must be at least 1.");
        if (options.SnapshotWindow <= TimeSpan.Zero)
            failures.Add($"{RollbackOptions.Section}:SnapshotWindow must be positive.");
        if (options.RecoveryWatch <= TimeSpan.Zero)
            failures.Add($"{RollbackOptions.Section}:RecoveryWatch must be positive.");
        if (options.RecoveryCheckInterval <= TimeSpan.Zero)
            failures.Add($"{RollbackOptions.Section}:RecoveryCheckInterval must be positive.");
        if (options.RecoveryErrorRateFloor is < 0 or > 1 || double.IsNaN(options.RecoveryErrorRateFloor))
            failures.Add($"{RollbackOptions.Section}:RecoveryErrorRateFloor must be between 0 and 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
