using System.Globalization;
using System.Diagnostics.CodeAnalysis;

namespace PromptConsole.Domain.Rollouts;

/// <summary>
/// Conditions written as text, the way Argo Rollouts writes them: <c>&lt; 0.05</c>, <c>&lt;= 0.02</c>,
/// <c>result &gt; 1.5</c>. The value is always the gate's compared value (difference or ratio).
/// </summary>
public static class GateConditions
{
    public static string SymbolOf(GateComparison comparison) => comparison switch
    {
        GateComparison.LessThan => "<",
        GateComparison.LessThanOrEqual => "<=",
        GateComparison.GreaterThan => ">",
        GateComparison.GreaterThanOrEqual => ">=",
        _ => comparison.ToString(),
    };

    public static bool TryParseComparison([NotNullWhen(true)] string? text, out GateComparison comparison)
    {
        switch (text?.Trim())
        {
            case "<" or "lt" or "lessThan":
                comparison = GateComparison.LessThan;
                return true;
            case "<=" or "lte" or "lessThanOrEqual":
                comparison = GateComparison.LessThanOrEqual;
                return true;
            case ">" or "gt" or "greaterThan":
                comparison = GateComparison.GreaterThan;
                return true;
            case ">=" or "gte" or "greaterThanOrEqual":
                comparison = GateComparison.GreaterThanOrEqual;
                return true;
            default:
                comparison = default;
                return false;
        }
    }

    /// <summary>Parses <c>[result] &lt;op&gt; &lt;number&gt;</c>; null when the text is not such a condition.</summary>
    public static GateCondition? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var rest = text.Trim();
        if (rest.StartsWith("result", StringComparison.OrdinalIgnoreCase))
            rest = rest["result".Length..].TrimStart();

        var symbolLength = rest.StartsWith("<=", StringComparison.Ordinal) || rest.StartsWith(">=", StringComparison.Ordinal) ? 2
            : rest.StartsWith('<') || rest.StartsWith('>') ? 1
            : 0;
        if (symbolLength == 0 || !TryParseComparison(rest[..symbolLength], out var comparison))
            return null;
        return double.TryParse(rest[symbolLength..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) && double.IsFinite(threshold)
            ? new GateCondition(comparison, threshold)
            : null;
    }

    /// <summary>"result &gt; 0.05", the form shown back to operators.</summary>
    public static string Format(GateCondition condition) =>
        "result " + SymbolOf(condition.Comparison) + " " + condition.Threshold.ToString("0.####", CultureInfo.InvariantCulture);
}
