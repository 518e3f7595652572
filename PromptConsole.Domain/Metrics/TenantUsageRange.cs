using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Metrics;

/// <summary>
/// The ranges usage by tenant is reported over. Tenant usage is read from the rollups (there is no
/// per-second tenant memory), so the shortest range is an hour.
/// </summary>
public static class TenantUsageRange
{
    public const string Default = "24h";

    public static IReadOnlyList<(string Key, TimeSpan Window)> All { get; } =
    [
        ("1h", TimeSpan.FromHours(1)),
        ("24h", TimeSpan.FromHours(24)),
        ("7d", TimeSpan.FromDays(7)),
        ("30d", TimeSpan.FromDays(30)),
    ];

    /// <summary>The window a range names (blank is <see cref="Default"/>); anything else is a validation error naming <c>range</c>.</summary>
    public static Result<TimeSpan> Parse(string? range)
    {
        var key = string.IsNullOrWhiteSpace(range) ? Default : range.Trim();
        foreach (var (name, window) in All)
        {
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
                return window;
        }

        return Error.Validation(
            "invalid-range",
            "The range is not one of the offered ones.",
            [new FieldError("range", $"'{key}' is not one of {string.Join(", ", All.Select(r => r.Key))}.")]);
    }
}
