using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.Execution;

/// <summary>
/// A grade given to an execution by a program rather than a person: an LLM judge, a RAG
/// faithfulness check, a unit test of generated code. Graders speak in fractions (0 = worst,
/// 1 = best), so they are kept on their own 0..1 scale next to people's 1–5 feedback, never
/// averaged together with it.
/// </summary>
public sealed record AutomatedScore(double Value, string Evaluator)
{
    public const double MinValue = 0;
    public const double MaxValue = 1;
    public const int MaxEvaluatorLength = 64;

    /// <summary>The evaluator named when a caller names none.</summary>
    public const string DefaultEvaluator = "default";

    /// <summary>
    /// Accepts a finite value in 0..1 and an evaluator name of lowercase letters, digits and
    /// <c>-_.</c> (it becomes a Prometheus label value and a filter, so it must stay a name, not a sentence).
    /// </summary>
    public static Result<AutomatedScore> Create(double? value, string? evaluator)
    {
        var errors = new List<FieldError>();
        if (value is not { } number)
            errors.Add(new FieldError("value", "The value is missing."));
        else if (!double.IsFinite(number) || number < MinValue || number > MaxValue)
            errors.Add(new FieldError("value", $"{number} is outside 0..1."));

        var name = string.IsNullOrWhiteSpace(evaluator) ? DefaultEvaluator : evaluator.Trim();
        if (!IsValidEvaluator(name))
            errors.Add(new FieldError("evaluator", $"'{evaluator}' is not an evaluator name: up to {MaxEvaluatorLength} lowercase letters, digits, '-', '_' or '.', starting with a letter or digit."));

        if (errors.Count > 0)
            return Error.Validation("invalid-score", "An automated score is a value from 0 to 1 with an optional evaluator name.", errors);
        return new AutomatedScore(value!.Value, name);
    }

    public static bool IsValidEvaluator(string name)
    {
        if (name.Length is 0 or > MaxEvaluatorLength || !IsLowerAlphanumeric(name[0]))
            return false;
        foreach (var c in name)
        {
            if (!IsLowerAlphanumeric(c) && c is not ('-' or '_' or '.'))
                return false;
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
