namespace PromptConsole.Domain.Experiments;

/// <summary>Draft → Running ⇄ Paused → Stopped. Only a running experiment routes anyone.</summary>
public enum ExperimentStatus
{
    Draft,
    Running,
    Paused,
    Stopped,
}

public enum ExperimentVerdict
{
    /// <summary>One arm won and its version should ship.</summary>
    Ship,

    /// <summary>No arm beat the control convincingly.</summary>
    NoWinner,
}

/// <summary>How a stopped experiment ended. <paramref name="Arm"/> names the arm to ship, and only for <see cref="ExperimentVerdict.Ship"/>.</summary>
public sealed record ExperimentDecision(ExperimentVerdict Verdict, string? Arm = null)
{
    public static ExperimentDecision Ship(string arm) => new(ExperimentVerdict.Ship, arm);

    public static ExperimentDecision NoWinner { get; } = new(ExperimentVerdict.NoWinner);
}

/// <summary>API names of <see cref="ExperimentVerdict"/>.</summary>
public static class ExperimentVerdicts
{
    public const string Ship = "ship";
    public const string NoWinner = "noWinner";

    public static string NameOf(ExperimentVerdict verdict) => verdict == ExperimentVerdict.Ship ? Ship : NoWinner;

    public static bool TryParse(string? name, out ExperimentVerdict verdict)
    {
        verdict = name == NoWinner ? ExperimentVerdict.NoWinner : ExperimentVerdict.Ship;
        return name is Ship or NoWinner;
    }
}
