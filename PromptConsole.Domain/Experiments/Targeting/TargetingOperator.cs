namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>How a targeting condition compares a request attribute with its value(s).</summary>
public enum TargetingOperator
{
    /// <summary>The attribute equals the one value (ordinal, case-sensitive).</summary>
    EqualTo,

    /// <summary>The attribute equals one of the values (ordinal, case-sensitive).</summary>
    In,

    /// <summary>The pattern is found in the attribute (unanchored, like GrowthBook's <c>$regex</c>).</summary>
    MatchesRegex,

    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,

    /// <summary>A sticky share of attribute values: the attribute's hash position is below the value in [0, 1].</summary>
    Percentage,
}

/// <summary>The operator names as the API spells them.</summary>
public static class TargetingOperatorNames
{
    private static readonly (TargetingOperator Operator, string Name)[] Names =
    [
        (TargetingOperator.EqualTo, "equals"),
        (TargetingOperator.In, "in"),
        (TargetingOperator.MatchesRegex, "regex"),
        (TargetingOperator.LessThan, "lt"),
        (TargetingOperator.LessThanOrEqual, "lte"),
        (TargetingOperator.GreaterThan, "gt"),
        (TargetingOperator.GreaterThanOrEqual, "gte"),
        (TargetingOperator.Percentage, "percentage"),
    ];

    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    public static string NameOf(TargetingOperator op) => Names.First(n => n.Operator == op).Name;

    public static bool TryParse(string? name, out TargetingOperator op)
    {
        foreach (var (candidate, candidateName) in Names)
        {
            if (string.Equals(name, candidateName, StringComparison.Ordinal))
            {
                op = candidate;
                return true;
            }
        }

        op = default;
        return false;
    }

    public static bool IsNumberComparison(TargetingOperator op) =>
        op is TargetingOperator.LessThan or TargetingOperator.LessThanOrEqual or TargetingOperator.GreaterThan or TargetingOperator.GreaterThanOrEqual;
}
