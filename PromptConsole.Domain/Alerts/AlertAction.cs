namespace PromptConsole.Domain.Alerts;

/// <summary>What a rule does when its alert fires, besides being recorded.</summary>
public enum AlertAction
{
    /// <summary>Sends the firing, repeat and resolved notifications to the rule's channels.</summary>
    Notify,

    /// <summary>Pauses the prompt's running canary (it keeps its traffic share; a human decides).</summary>
    PauseCanary,

    /// <summary>Moves the rule's label back one deploy, through the automatic-rollback safeguards.</summary>
    Rollback,
}

/// <summary>The actions' names in the API (<c>notify</c>, <c>pause-canary</c>, <c>rollback</c>).</summary>
public static class AlertActionNames
{
    public static IReadOnlyList<string> All { get; } = ["notify", "pause-canary", "rollback"];

    public static string Of(AlertAction action) => action switch
    {
        AlertAction.Notify => "notify",
        AlertAction.PauseCanary => "pause-canary",
        AlertAction.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    public static AlertAction? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "notify" => AlertAction.Notify,
        "pause-canary" => AlertAction.PauseCanary,
        "rollback" => AlertAction.Rollback,
        _ => null,
    };
}
