namespace PromptConsole.Domain.Access;

/// <summary>
/// The decisions behind every button and endpoint that changes something: one place, so the console
/// hides exactly what the API refuses.
/// </summary>
public static class ConsolePermissions
{
    /// <summary>Labels only Admins may move when nothing is configured (deploys and rollbacks of what users see).</summary>
    public static IReadOnlyList<string> DefaultProtectedLabels { get; } = ["production"];

    public static bool CanRead(ConsoleRole? role) => role is not null;

    /// <summary>Versions, golden cases, flags, experiments, canaries, SLOs and alert rules.</summary>
    public static bool CanOperate(ConsoleRole? role) => role >= ConsoleRole.Operator;

    /// <summary>Users, API keys, tenants, notification channels and settings.</summary>
    public static bool CanAdminister(ConsoleRole? role) => role == ConsoleRole.Admin;

    /// <summary>
    /// Running a prompt on a provider from the console (Try it, golden runs): it costs provider money and
    /// writes executions, so it is an Operator's action even though it changes no configuration.
    /// </summary>
    public static bool CanRunOnProvider(ConsoleRole? role) => CanOperate(role);

    /// <summary>Acknowledging a firing alert: the person on call, an Operator or Admin.</summary>
    public static bool CanAcknowledgeAlerts(ConsoleRole? role) => CanOperate(role);

    public static bool IsProtected(string label, IReadOnlyCollection<string> protectedLabels) =>
        protectedLabels.Any(p => string.Equals(p, label, StringComparison.OrdinalIgnoreCase));

    /// <summary>Deploying to or rolling back a label: Operators move unprotected labels, protected ones need an Admin.</summary>
    public static bool CanMoveLabel(ConsoleRole? role, string label, IReadOnlyCollection<string> protectedLabels) =>
        IsProtected(label, protectedLabels) ? CanAdminister(role) : CanOperate(role);
}
