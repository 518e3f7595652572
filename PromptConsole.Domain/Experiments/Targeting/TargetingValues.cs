using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>How condition values are read: the same rules when a condition is checked and when it is compiled.</summary>
public static class TargetingValues
{
    public const int MaxPatternLength = 500;

    /// <summary>
    /// A regex runs on every routed request, so a pattern that backtracks badly must give up quickly;
    /// a request it gives up on is treated as not matching.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Invariant culture, finite only: "NaN" and "Infinity" parse in .NET but are no use as thresholds.</summary>
    public static bool TryParseNumber(string? text, out double number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    /// <summary>
    /// Compiles <paramref name="pattern"/> with the match timeout. <paramref name="compileToIL"/> is for
    /// patterns kept in a routing snapshot, where the one-off cost buys faster matching on every request.
    /// </summary>
    public static bool TryCreateRegex(string pattern, bool compileToIL, [NotNullWhen(true)] out Regex? regex, [NotNullWhen(false)] out string? problem)
    {
        var options = RegexOptions.CultureInvariant | (compileToIL ? RegexOptions.Compiled : RegexOptions.None);
        try
        {
            regex = new Regex(pattern, options, MatchTimeout);
            problem = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            regex = null;
            problem = ex.Message;
            return false;
        }
    }
}
