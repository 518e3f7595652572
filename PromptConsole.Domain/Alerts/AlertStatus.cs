namespace PromptConsole.Domain.Alerts;

/// <summary>
/// An alert's life: it fires, a person may acknowledge it (which stops escalation and repeats, not the alert), and it
/// resolves when its condition stops holding.
/// </summary>
public enum AlertStatus
{
    Firing,
    Acknowledged,
    Resolved,
}

/// <summary>Status names in the API and the console (<c>firing</c>, <c>acknowledged</c>, <c>resolved</c>).</summary>
public static class AlertStatusNames
{
    public static string Of(AlertStatus status) => status switch
    {
        AlertStatus.Firing => "firing",
        AlertStatus.Acknowledged => "acknowledged",
        AlertStatus.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static AlertStatus? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "firing" => AlertStatus.Firing,
        "acknowledged" => AlertStatus.Acknowledged,
        "resolved" => AlertStatus.Resolved,
        _ => null,
    };
}
