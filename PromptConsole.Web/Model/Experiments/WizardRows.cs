using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;

namespace PromptConsole.Web.Model.Experiments;

/// <summary>One arm as the wizard edits it; the first row is the control.</summary>
public sealed class ArmRow
{
    public string Name { get; set; } = string.Empty;

    public int? Version { get; set; }

    /// <summary>Relative: only each arm's share of the sum matters.</summary>
    public double Weight { get; set; }

    public ArmDraft ToDraft() => new(Name.Trim(), Version, Weight);
}

/// <summary>One targeting condition as the wizard edits it. For <c>in</c> the value box holds a comma-separated list.</summary>
public sealed class ConditionRow
{
    public string Attribute { get; set; } = string.Empty;

    public string Operator { get; set; } = TargetingOperatorNames.NameOf(TargetingOperator.EqualTo);

    public string Value { get; set; } = string.Empty;

    public bool TakesList => Operator == TargetingOperatorNames.NameOf(TargetingOperator.In);

    /// <summary>
    /// The body's <c>value</c>: the list's non-blank entries for <c>in</c>, else the box as typed (an empty box
    /// is sent as one empty value, so the validator's "must not be empty" applies).
    /// </summary>
    public IReadOnlyList<string?> Values =>
        TakesList
            ? Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [Value.Trim()];

    public TargetingConditionDraft ToDraft() => new(Attribute.Trim(), Operator, Values);

    /// <summary>"country in de, at", "tier gte 3".</summary>
    public string Describe() => $"{Attribute.Trim()} {Operator} {string.Join(", ", Values)}";
}
