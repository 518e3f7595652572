namespace PromptConsole.Domain.Alerts;

/// <summary>
/// How urgently a person must act, as the SRE workbook names it: a <see cref="Page"/> wakes someone now,
/// a <see cref="Ticket"/> is for working hours, <see cref="Info"/> is only recorded and notified.
/// </summary>
public enum AlertSeverity
{
    Info,
    Ticket,
    Page,
}

/// <summary>Severity names in the API, the console and notifications (<c>page</c>, <c>ticket</c>, <c>info</c>).</summary>
public static class AlertSeverityNames
{
    public static string Of(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Ticket => "ticket",
        AlertSeverity.Page => "page",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static AlertSeverity? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "info" => AlertSeverity.Info,
        "ticket" => AlertSeverity.Ticket,
        "page" => AlertSeverity.Page,
        _ => null,
    };
}
