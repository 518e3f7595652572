using System.Globalization;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Experiments.Targeting;

/// <summary>Checks targeting drafts and turns them into conditions; shared by experiments and flags.</summary>
public static class TargetingRules
{
    public const int MaxConditions = 20;
    public const int MaxInValues = 1_000;
    public const int MaxValueLength = 1_024;

    /// <summary>
    /// Adds an error per offending field (<c>targeting[i].attribute</c>, <c>.operator</c>, <c>.value</c>)
    /// and returns the conditions that passed; the caller fails the whole body when any error was added.
    /// </summary>
    public static IReadOnlyList<TargetingCondition> Parse(IReadOnlyList<TargetingConditionDraft?>? drafts, List<FieldError> errors, string field = "targeting")
    {
        if (drafts is null || drafts.Count == 0)
            return [];
        if (drafts.Count > MaxConditions)
        {
            errors.Add(new FieldError(field, $"At most {MaxConditions} targeting conditions."));
            return [];
        }

        var conditions = new List<TargetingCondition>(drafts.Count);
        for (var i = 0; i < drafts.Count; i++)
        {
            var at = $"{field}[{i}]";
            var draft = drafts[i];
            if (draft is null)
            {
                errors.Add(new FieldError(at, "A targeting condition is null."));
                continue;
            }

            var valid = true;
            if (!AttributeName.IsValid(draft.Attribute))
            {
                errors.Add(new FieldError($"{at}.attribute", $"'{draft.Attribute}' is not a valid attribute name: 1–{AttributeName.MaxLength} letters, digits, '_', '.' or '-', starting with a letter or '_'."));
                valid = false;
            }

            if (!TargetingOperatorNames.TryParse(draft.Operator, out var op))
            {
                errors.Add(new FieldError($"{at}.operator", $"'{draft.Operator}' is not an operator: use one of {string.Join(", ", TargetingOperatorNames.All)}."));
                continue;
            }

            var values = CheckValues(op, draft.Value, $"{at}.value", errors);
            if (valid && values is not null)
                conditions.Add(new TargetingCondition(draft.Attribute!, op, values));
        }

        return conditions;
    }

    private static IReadOnlyList<string>? CheckValues(TargetingOperator op, IReadOnlyList<string?>? given, string field, List<FieldError> errors)
    {
        var values = given ?? [];
        if (op == TargetingOperator.In)
        {
            if (values.Count is 0 or > MaxInValues)
            {
                errors.Add(new FieldError(field, $"'in' needs 1–{MaxInValues} values."));
                return null;
            }
        }
        else if (values.Count != 1)
        {
            errors.Add(new FieldError(field, $"'{TargetingOperatorNames.NameOf(op)}' needs exactly one value."));
            return null;
        }

        if (values.Any(string.IsNullOrEmpty))
        {
            // An empty attribute counts as missing, so an empty value could never match.
            errors.Add(new FieldError(field, "Values must not be empty."));
            return null;
        }

        if (values.Any(v => v!.Length > MaxValueLength))
        {
            errors.Add(new FieldError(field, $"Values are at most {MaxValueLength} characters."));
            return null;
        }

        var value = values[0]!;
        switch (op)
        {
            case TargetingOperator.MatchesRegex when value.Length > TargetingValues.MaxPatternLength:
                errors.Add(new FieldError(field, $"The pattern is longer than {TargetingValues.MaxPatternLength} characters."));
                return null;
            case TargetingOperator.MatchesRegex when !TargetingValues.TryCreateRegex(value, compileToIL: false, out _, out var problem):
                errors.Add(new FieldError(field, $"The pattern does not compile: {problem}"));
                return null;
            case var _ when TargetingOperatorNames.IsNumberComparison(op) && !TargetingValues.TryParseNumber(value, out _):
                errors.Add(new FieldError(field, $"'{value}' is not a number."));
                return null;
            case TargetingOperator.Percentage when !TargetingValues.TryParseNumber(value, out var share) || share is < 0 or > 1:
                errors.Add(new FieldError(field, "A percentage is a share between 0 and 1."));
                return null;
        }

        return values.Select(v => v!).ToArray();
    }

    /// <summary>A canonical text per condition, so two targeting lists can be compared as sets.</summary>
    internal static string Canonical(TargetingCondition condition)
    {
        IEnumerable<string> values = condition.Operator == TargetingOperator.In
            ? condition.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            : condition.Values;
        var value = TargetingOperatorNames.IsNumberComparison(condition.Operator) || condition.Operator == TargetingOperator.Percentage
            ? (TargetingValues.TryParseNumber(condition.Value, out var number) ? number.ToString("R", CultureInfo.InvariantCulture) : condition.Value)
            : string.Join('\u001f', values);
        return $"{condition.Attribute}\u001e{TargetingOperatorNames.NameOf(condition.Operator)}\u001e{value}";
    }

    /// <summary>Same conditions in any order (and <c>in</c> values in any order): the same audience.</summary>
    public static bool SameAudience(IReadOnlyList<TargetingCondition> first, IReadOnlyList<TargetingCondition> second) =>
        first.Select(Canonical).ToHashSet(StringComparer.Ordinal).SetEquals(second.Select(Canonical));
}
