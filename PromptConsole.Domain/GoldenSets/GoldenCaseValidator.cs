using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PromptConsole.Domain.Common;

namespace PromptConsole.Domain.GoldenSets;

/// <summary>
/// Checks a submitted golden case and names every offending field the way the API spells it
/// (<c>expectations.jsonFields[0].path</c>), so the console and scripts can point at the input.
/// </summary>
public static partial class GoldenCaseValidator
{
    public const int MaxNameLength = 100;
    public const int MaxVariables = 50;
    public const int MaxPhrases = 50;
    public const int MaxPhraseLength = 500;
    public const int MaxJsonFields = 50;
    public const int MaxPathLength = 200;
    public const int MaxLatencyLimitMs = 600_000;

    /// <summary>Golden sets are run synchronously: tens of cases, not thousands.</summary>
    public const int MaxCasesPerPrompt = 100;

    public const string InvalidCode = "invalid-golden-case";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();

    public static Result<GoldenCaseDefinition> Validate(GoldenCaseDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();

        var name = draft.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
            errors.Add(new FieldError("name", "Give the case a name."));
        else if (name.Length > MaxNameLength)
            errors.Add(new FieldError("name", $"The name is longer than {MaxNameLength} characters."));

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var submitted = draft.Variables ?? new Dictionary<string, string>();
        if (submitted.Count > MaxVariables)
            errors.Add(new FieldError("variables", $"A case sets at most {MaxVariables} variables."));
        foreach (var (variable, json) in submitted)
        {
            var field = $"variables.{variable}";
            if (!VariableName().IsMatch(variable))
                errors.Add(new FieldError(field, $"'{variable}' is not a variable name: letters, digits and '_', not starting with a digit."));
            else if (!IsJson(json))
                errors.Add(new FieldError(field, "The value is not a JSON value."));
            else
                variables[variable] = json;
        }

        var expectations = ValidateExpectations(draft.Expectations ?? new GoldenExpectationsDraft(), errors);
        if (errors.Count > 0)
            return Error.Validation(InvalidCode, "The golden case is not valid.", errors);
        return new GoldenCaseDefinition(name, variables, expectations);
    }

    private static GoldenExpectations ValidateExpectations(GoldenExpectationsDraft draft, List<FieldError> errors)
    {
        var required = Phrases(draft.RequiredPhrases, "expectations.requiredPhrases", errors);
        var forbidden = Phrases(draft.ForbiddenPhrases, "expectations.forbiddenPhrases", errors);

        var fields = new List<GoldenJsonField>();
        var submitted = draft.JsonFields ?? [];
        if (submitted.Count > MaxJsonFields)
            errors.Add(new FieldError("expectations.jsonFields", $"At most {MaxJsonFields} JSON fields."));
        for (var i = 0; i < submitted.Count; i++)
        {
            var prefix = $"expectations.jsonFields[{i}]";
            if (submitted[i] is not { } field)
            {
                errors.Add(new FieldError(prefix, "The JSON field expectation is missing."));
                continue;
            }

            var path = field.Path?.Trim() ?? string.Empty;
            var valid = true;
            if (path.Length == 0)
            {
                errors.Add(new FieldError($"{prefix}.path", "Say which field: a dotted path such as 'order.id' or 'items.0.sku'."));
                valid = false;
            }
            else if (path.Length > MaxPathLength || path.Split('.').Any(segment => segment.Length == 0))
            {
                errors.Add(new FieldError($"{prefix}.path", $"'{path}' is not a dotted path: names separated by single dots, at most {MaxPathLength} characters."));
                valid = false;
            }

            if (field.ExpectedJson is { } expected && !IsJson(expected))
            {
                errors.Add(new FieldError($"{prefix}.equals", "The expected value is not a JSON value."));
                valid = false;
            }

            if (field.ExpectedJson is not null && field.MustExist == false)
            {
                errors.Add(new FieldError($"{prefix}.exists", "A field expected to equal a value must exist; drop 'exists: false' or the value."));
                valid = false;
            }

            if (valid)
                fields.Add(new GoldenJsonField(path, field.ExpectedJson, field.MustExist ?? true));
        }

        if (draft.MaxLatencyMs is { } latency && latency is <= 0 or > MaxLatencyLimitMs)
            errors.Add(new FieldError("expectations.maxLatencyMs", $"{latency} ms is outside 1..{MaxLatencyLimitMs.ToString(CultureInfo.InvariantCulture)} ms."));

        if (draft.MinAutomatedScore is { } score && (!double.IsFinite(score) || score < 0 || score > 1))
            errors.Add(new FieldError("expectations.minAutomatedScore", $"{score.ToString(CultureInfo.InvariantCulture)} is outside 0..1."));

        return new GoldenExpectations(
            draft.OutputChecksPass ?? true,
            required.Count == 0 ? null : required,
            forbidden.Count == 0 ? null : forbidden,
            draft.PhrasesIgnoreCase ?? true,
            fields.Count == 0 ? null : fields,
            draft.MaxLatencyMs,
            draft.MinAutomatedScore);
    }

    private static List<string> Phrases(IReadOnlyList<string?>? phrases, string field, List<FieldError> errors)
    {
        var accepted = new List<string>();
        if (phrases is null)
            return accepted;
        if (phrases.Count > MaxPhrases)
            errors.Add(new FieldError(field, $"At most {MaxPhrases} phrases."));
        for (var i = 0; i < phrases.Count; i++)
        {
            var phrase = phrases[i];
            if (string.IsNullOrWhiteSpace(phrase))
                errors.Add(new FieldError($"{field}[{i}]", "The phrase is empty."));
            else if (phrase.Length > MaxPhraseLength)
                errors.Add(new FieldError($"{field}[{i}]", $"The phrase is longer than {MaxPhraseLength} characters."));
            else
                accepted.Add(phrase);
        }

        return accepted;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
