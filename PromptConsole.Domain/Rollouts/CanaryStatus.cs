namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// Running → Paused ⇄ Running → Promoted | Aborted. A paused canary keeps routing its current share
/// (as Argo Rollouts does); promoted and aborted are final.
/// </summary>
public enum CanaryStatus
{
    Running,
    Paused,
    Promoted,
    Aborted,
}
