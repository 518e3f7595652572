namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>
/// One checked condition on a request attribute. <paramref name="Values"/> holds one value for every
/// operator except <see cref="TargetingOperator.In"/>; numbers are kept as invariant-culture text.
/// A request passes a targeting list when it passes every condition; an empty list targets everyone.
/// </summary>
public sealed record TargetingCondition(string Attribute, TargetingOperator Operator, IReadOnlyList<string> Values)
{
    public string Value => Values.Count > 0 ? Values[0] : string.Empty;
}

/// <summary>
/// A condition as the API body sends it, unchecked: <c>{ "attribute", "operator", "value" }</c>.
/// <paramref name="Value"/> is the body's <c>value</c>: one string for every operator except <c>in</c>,
/// several for <c>in</c>; the web layer turns a JSON number into its invariant-culture text.
/// </summary>
public sealed record TargetingConditionDraft(string? Attribute, string? Operator, IReadOnlyList<string?>? Value);
