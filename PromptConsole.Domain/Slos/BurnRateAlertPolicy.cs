using System.Globalization;
using PromptConsole.Domain.Alerts;

namespace PromptConsole.Domain.Slos;

/// <summary>What the burn-rate policy decided: who must act (<see cref="Severity"/>) and the windows that say so.</summary>
public sealed record BurnRateAlert(AlertSeverity Severity, string Reason);

/// <summary>One multi-window condition: both windows burn at or above <see cref="Threshold"/>.</summary>
public sealed record BurnRateCondition(AlertSeverity Severity, double Threshold, string LongWindow, string ShortWindow);

/// <summary>
/// The SRE workbook's multi-window multi-burn-rate alerting: page when the burn is at least 14.4 over 1 h and 5 m
/// (2 % of a 30-day budget in an hour) or at least 6 over 6 h and 30 m (5 % in six hours); ticket when it is at least
/// 1 over 3 d and 6 h (10 % in three days, on course to spend it all). The long window makes the alert significant,
/// the short one makes it stop soon after the burn stops. A window without events does not burn.
/// </summary>
public static class BurnRateAlertPolicy
{
    public const double FastPageBurn = 14.4;
    public const double SlowPageBurn = 6;
    public const double TicketBurn = 1;

    /// <summary>The conditions in the order they are tried: pages before the ticket.</summary>
    public static readonly IReadOnlyList<BurnRateCondition> Conditions =
    [
        new(AlertSeverity.Page, FastPageBurn, BurnWindows.OneHour, BurnWindows.FiveMinutes),
        new(AlertSeverity.Page, SlowPageBurn, BurnWindows.SixHours, BurnWindows.ThirtyMinutes),
        new(AlertSeverity.Ticket, TicketBurn, BurnWindows.ThreeDays, BurnWindows.SixHours),
    ];

    /// <summary>The most urgent condition that holds, or null when none does (or the windows it needs are missing).</summary>
    public static BurnRateAlert? Decide(IReadOnlyDictionary<string, double?> burnRates)
    {
        ArgumentNullException.ThrowIfNull(burnRates);
        foreach (var condition in Conditions)
        {
            if (Burn(burnRates, condition.LongWindow) is { } longBurn && longBurn >= condition.Threshold
                && Burn(burnRates, condition.ShortWindow) is { } shortBurn && shortBurn >= condition.Threshold)
            {
                return new BurnRateAlert(
                    condition.Severity,
                    $"Burn rate {Text(longBurn)}× over {condition.LongWindow} and {Text(shortBurn)}× over {condition.ShortWindow}, "
                    + $"at or above {Text(condition.Threshold)}× ({AlertSeverityNames.Of(condition.Severity)}).");
            }
        }

        return null;
    }

    private static double? Burn(IReadOnlyDictionary<string, double?> burnRates, string window) =>
        burnRates.TryGetValue(window, out var burn) && burn is { } value && double.IsFinite(value) ? value : null;

    private static string Text(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
