using System.Text.Json;
using System.Text.RegularExpressions;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Execution;

public sealed record OutputCheckFailure(string Check, string Message);

public static class OutputCheckEvaluator
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromMilliseconds(100);

    /// <summary>Every check the output fails, in a stable order (maxLength, regex, json).</summary>
    public static IReadOnlyList<OutputCheckFailure> Evaluate(OutputChecks checks, string output)
    {
        if (checks.IsEmpty)
            return [];

        var failures = new List<OutputCheckFailure>();
        if (checks.MaxLength is { } max && output.Length > max)
            failures.Add(new OutputCheckFailure("maxLength", $"The output has {output.Length} characters; the limit is {max}."));

        if (!string.IsNullOrEmpty(checks.Regex))
        {
            bool matched;
            try
            {
                matched = Regex.IsMatch(output, checks.Regex, RegexOptions.None, RegexBudget);
            }
            catch (RegexMatchTimeoutException)
            {
                matched = false;
            }

            if (!matched)
                failures.Add(new OutputCheckFailure("regex", $"The output does not match the pattern '{checks.Regex}'."));
        }

        if (checks.MustBeJson && !IsJson(output))
            failures.Add(new OutputCheckFailure("json", "The output is not valid JSON."));

        return failures;
    }

    private static bool IsJson(string output)
    {
        try
        {
            using var _ = JsonDocument.Parse(output);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
