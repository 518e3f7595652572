using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Api;

/// <summary>
/// Query parameters read by hand rather than bound, so "abc" or 0 becomes a problem naming the parameter instead of a
/// bare 400; each reader adds its field error to the caller's list and returns what it could read.
/// </summary>
public static class QueryValues
{
    /// <summary><c>since</c>: an ISO 8601 date and time (UTC when it names no offset), or null when absent.</summary>
    public static DateTimeOffset? Since(string? text, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        errors.Add(new FieldError("since", $"'{text}' is not a date and time; use ISO 8601, e.g. 2026-01-15T09:00:00Z."));
        return null;
    }

    /// <summary><c>take</c>: a whole number from 1 to <paramref name="max"/>, or <paramref name="fallback"/> when absent.</summary>
    public static int Take(string? text, int fallback, int max, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= max)
            return count;
        errors.Add(new FieldError("take", $"A whole number from 1 to {max}."));
        return fallback;
    }
}
