namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// Running → Paused ⇄ Running → Promoted | RolledBack | Aborted. A paused canary keeps routing its current share
/// (as Argo Rollouts does); the last three are final. RolledBack: the analysis failed it and automation took the
/// traffic back; Aborted: a human (or a move of the label outside the canary) ended it.
/// </summary>
public enum CanaryStatus
{
    Running,
    Paused,
    Promoted,
    Aborted,
    RolledBack,
}
