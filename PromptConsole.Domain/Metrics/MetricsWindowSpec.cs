using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Metrics;

/// <summary>Reads window lengths the way Prometheus and Grafana users write them: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>24h</c>, <c>7d</c>.</summary>
public static class MetricsWindowSpec
{
    /// <summary>Rollups are kept for 90 days by default; longer windows would read nothing.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    public static Result<TimeSpan> Parse(string? text, string field = "window")
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length < 2
            || !long.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0)
        {
            return Invalid(field, text);
        }

        TimeSpan? window = trimmed[^1] switch
        {
            's' => TimeSpan.FromSeconds(Math.Min(amount, (long)Longest.TotalSeconds + 1)),
            'm' => TimeSpan.FromMinutes(Math.Min(amount, (long)Longest.TotalMinutes + 1)),
            'h' => TimeSpan.FromHours(Math.Min(amount, (long)Longest.TotalHours + 1)),
            'd' => TimeSpan.FromDays(Math.Min(amount, (long)Longest.TotalDays + 1)),
            _ => null,
        };
        if (window is null)
            return Invalid(field, text);
        if (window > Longest)
            return Error.Validation("invalid-window", $"Windows reach back at most {Longest.TotalDays:0} days.", [new FieldError(field, $"'{text}' is longer than {Longest.TotalDays:0}d.")]);
        return window.Value;
    }

    private static Error Invalid(string field, string? text) => Error.Validation(
        "invalid-window",
        "A window is a whole number followed by s, m, h or d, e.g. 15m, 1h, 24h or 7d.",
        [new FieldError(field, $"'{text}' is not a window like 15m, 1h or 7d.")]);
}
