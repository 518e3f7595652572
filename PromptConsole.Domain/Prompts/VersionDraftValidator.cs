using System.Text.RegularExpressions;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Templates;

namespace PromptConsole.Domain.Prompts;

/// <summary>What checking a draft found: errors block the version, warnings are shown but do not.</summary>
public sealed record DraftReview(IReadOnlyList<FieldError> Errors, IReadOnlyList<FieldError> Warnings, TemplateAnalysis Analysis)
{
    public bool IsValid => Errors.Count == 0;
}

public static class VersionDraftValidator
{
    public const int MaxTemplateLength = 100_000;
    private static readonly Regex VariableNamePattern = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    public static DraftReview Review(VersionDraft draft)
    {
        var errors = new List<FieldError>();
        var warnings = new List<FieldError>();
        var template = draft.Template ?? string.Empty;
        var analysis = TemplateScanner.Analyze(template);

        if (string.IsNullOrWhiteSpace(template))
            errors.Add(new FieldError("template", "The template is empty."));
        else if (template.Length > MaxTemplateLength)
            errors.Add(new FieldError("template", $"The template is longer than {MaxTemplateLength} characters."));

        foreach (var syntax in analysis.Errors)
            errors.Add(new FieldError("template", syntax.Message, syntax.Line, syntax.Column));

        // Positions are per field, so each reference keeps the field it was found in.
        var fieldReferences = analysis.References.Select(r => (Field: "template", Reference: r)).ToList();
        if (draft.SystemText is not null)
        {
            var system = TemplateScanner.Analyze(draft.SystemText);
            foreach (var syntax in system.Errors)
                errors.Add(new FieldError("systemText", syntax.Message, syntax.Line, syntax.Column));
            fieldReferences.AddRange(system.References.Select(r => (Field: "systemText", Reference: r)));
            analysis = analysis with { References = [.. analysis.References, .. system.References] };
        }

        ReviewModel(draft.Model, errors);
        ReviewDeclarations(draft.DeclaredVariables, errors);
        ReviewChecks(draft.EffectiveChecks, errors);

        // Null entries (from "variables": [null]) are reported by ReviewDeclarations and skipped here.
        var declared = draft.DeclaredVariables.Where(v => v is not null).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, reference) in fieldReferences.Where(r => !declared.Contains(r.Reference.Name)))
        {
            errors.Add(new FieldError(
                field,
                $"Variable '{reference.Name}' is used but not declared.",
                reference.Line,
                reference.Column));
        }

        var used = analysis.VariableNames;
        for (var i = 0; i < draft.DeclaredVariables.Count; i++)
        {
            var declaration = draft.DeclaredVariables[i];
            if (declaration is not null && !used.Contains(declaration.Name))
                warnings.Add(new FieldError($"variables[{i}].name", $"Variable '{declaration.Name}' is declared but never used."));
        }

        return new DraftReview(errors, warnings, analysis);
    }

    private static void ReviewModel(ModelSettings? model, List<FieldError> errors)
    {
        if (model is null || string.IsNullOrWhiteSpace(model.Model))
        {
            errors.Add(new FieldError("model.model", "A model id is required."));
            return;
        }

        if (model.Temperature is { } temperature && (double.IsNaN(temperature) || temperature is < 0 or > 2))
            errors.Add(new FieldError("model.temperature", "Temperature must be between 0 and 2."));
        if (model.MaxTokens is <= 0 or > 1_000_000)
            errors.Add(new FieldError("model.maxTokens", "Max tokens must be between 1 and 1,000,000."));
        for (var i = 0; i < model.Fallbacks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(model.Fallbacks[i]))
                errors.Add(new FieldError($"model.fallbackModels[{i}]", "A fallback model id is empty."));
        }
    }

    private static void ReviewDeclarations(IReadOnlyList<VariableDeclaration> declarations, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < declarations.Count; i++)
        {
            var declaration = declarations[i];
            var field = $"variables[{i}]";
            if (declaration is null)
            {
                errors.Add(new FieldError(field, "A variable declaration is null."));
                continue;
            }

            if (string.IsNullOrEmpty(declaration.Name) || !VariableNamePattern.IsMatch(declaration.Name))
            {
                errors.Add(new FieldError($"{field}.name", $"'{declaration.Name}' is not a valid variable name (letters, digits, underscore)."));
                continue;
            }

            if (!seen.Add(declaration.Name))
                errors.Add(new FieldError($"{field}.name", $"Variable '{declaration.Name}' is declared twice."));

            if (declaration.Type == VariableType.Enum && (declaration.AllowedValues is null || declaration.AllowedValues.Count == 0))
                errors.Add(new FieldError($"{field}.allowedValues", $"Enum variable '{declaration.Name}' needs allowed values."));

            if (declaration.SemanticThreshold is { } threshold && (threshold <= 0 || threshold > 1))
                errors.Add(new FieldError($"{field}.semanticThreshold", "The semantic threshold must be in (0, 1]."));

            if (declaration.Default is not null)
            {
                var check = VariableBinder.CheckValue(declaration, VariableValue.FromString(declaration.Default));
                if (check is not null)
                    errors.Add(new FieldError($"{field}.default", $"The default does not fit the declared type: {check}"));
            }
        }
    }

    private static void ReviewChecks(OutputChecks checks, List<FieldError> errors)
    {
        if (checks.MaxLength is <= 0)
            errors.Add(new FieldError("checks.maxLength", "Max length must be positive."));
        if (!string.IsNullOrEmpty(checks.Regex))
        {
            try
            {
                _ = new Regex(checks.Regex, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                errors.Add(new FieldError("checks.regex", $"The pattern does not compile: {ex.Message}"));
            }
        }
    }
}
