using System.Globalization;
using PromptConsole.Domain.Prompts;
using PromptConsole.Domain.Routing;

namespace PromptConsole.Web.Model;

/// <summary>How the console writes times, money and moves, in one place so every page agrees.</summary>
public static class ConsoleFormat
{
    /// <summary>Times are shown in UTC: operators across time zones compare them with logs and traces.</summary>
    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset? at) => at is { } value ? When(value) : string.Empty;

    public static string Version(int? number) => number is { } n ? $"v{n}" : "(none)";

    public static string Move(LabelMoveKind kind, int? from, int to) =>
        $"{(kind == LabelMoveKind.Rollback ? "rollback" : "deploy")}: {Version(from)} → v{to}";

    /// <summary>How a request was routed; a raw conversation (no prompt) had no route.</summary>
    public static string Route(RouteDecision? route) =>
        route?.Kind switch
        {
            null => "no route",
            RouteKind.Label => $"label {route.RouteId} → v{route.VersionNumber}",
            RouteKind.Version => $"pinned v{route.VersionNumber}",
            RouteKind.KillSwitch => $"kill switch {route.RouteId} → v{route.VersionNumber}",
            _ => $"{route.Kind.ToString().ToLowerInvariant()} {route.RouteId}{(route.Arm is null ? string.Empty : $" ({route.Arm})")} → v{route.VersionNumber}",
        };

    public static string Cost(decimal usd) => usd.ToString("$0.000000", CultureInfo.InvariantCulture);

    public static string Milliseconds(double ms) => ms.ToString(ms < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";
}
