using System.Text.Json;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Flags;

/// <summary>Checks a flag body; every error names the offending body field.</summary>
public static class FlagValidator
{
    public const string StandardKind = "standard";
    public const string PromptKillSwitchKind = "promptKillSwitch";
    public const int MaxDescriptionLength = 2_000;
    public const int MaxVariants = 20;
    public const int MaxValueLength = 64 * 1024;

    /// <param name="draft">The body.</param>
    /// <param name="killSwitchPromptVersions">
    /// For a kill switch: the version numbers of the prompt it names, or null when there is no such prompt.
    /// Ignored for standard flags.
    /// </param>
    public static Result<FeatureFlag> Validate(FlagDraft draft, IReadOnlySet<int>? killSwitchPromptVersions)
    {
        var errors = new List<FieldError>();
        if (!FlagKey.IsValid(draft.Key))
            errors.Add(new FieldError("key", $"'{draft.Key}' is not a valid key: 1–{FlagKey.MaxLength} lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."));
        if (draft.Description is { Length: > MaxDescriptionLength })
            errors.Add(new FieldError("description", $"The description is longer than {MaxDescriptionLength} characters."));
        var subjectAttribute = draft.SubjectAttribute ?? AttributeName.Subject;
        if (!AttributeName.IsValid(subjectAttribute))
            errors.Add(new FieldError("subjectAttribute", $"'{subjectAttribute}' is not a valid attribute name."));

        var flag = (draft.Kind ?? StandardKind) switch
        {
            StandardKind => Standard(draft, subjectAttribute, errors),
            PromptKillSwitchKind => KillSwitch(draft, subjectAttribute, killSwitchPromptVersions, errors),
            _ => Unknown(draft.Kind, errors),
        };

        return errors.Count > 0 || flag is null
            ? Error.Validation("invalid-flag", "The flag is not valid.", errors)
            : flag;
    }

    private static FeatureFlag? Unknown(string? kind, List<FieldError> errors)
    {
        errors.Add(new FieldError("kind", $"'{kind}' is not a flag kind: use {StandardKind} or {PromptKillSwitchKind}."));
        return null;
    }

    private static FeatureFlag Standard(FlagDraft draft, string subjectAttribute, List<FieldError> errors)
    {
        var variants = CheckVariants(draft.Variants, errors);
        var names = variants.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(draft.DefaultVariant))
            errors.Add(new FieldError("defaultVariant", "A default variant is required: it is served when the flag is off or the request is not targeted."));
        else if (!names.Contains(draft.DefaultVariant))
            errors.Add(new FieldError("defaultVariant", $"'{draft.DefaultVariant}' is not one of the variants."));

        var targeting = TargetingRules.Parse(draft.Targeting, errors);
        var rollout = CheckRollout(draft.Rollout, names, errors);
        if (draft.KillSwitch is not null)
            errors.Add(new FieldError("killSwitch", $"Only a {PromptKillSwitchKind} flag names a prompt."));

        return new FeatureFlag(
            draft.Key ?? string.Empty, draft.Description?.Trim() ?? string.Empty, FlagKind.Standard, draft.Enabled,
            variants, draft.DefaultVariant ?? string.Empty, targeting, rollout, subjectAttribute);
    }

    private static FeatureFlag KillSwitch(FlagDraft draft, string subjectAttribute, IReadOnlySet<int>? promptVersions, List<FieldError> errors)
    {
        const string allTraffic = "A kill switch sends all traffic of its prompt to the safe version";
        if (draft.Variants is { Count: > 0 })
            errors.Add(new FieldError("variants", $"{allTraffic}: its variants are always 'off' and 'on'."));
        if (draft.DefaultVariant is not null)
            errors.Add(new FieldError("defaultVariant", $"{allTraffic}: its default is always 'off'."));
        if (draft.Targeting is { Count: > 0 })
            errors.Add(new FieldError("targeting", $"{allTraffic}: it has no targeting."));
        if (draft.Rollout is { Count: > 0 })
            errors.Add(new FieldError("rollout", $"{allTraffic}: it has no rollout."));

        var target = draft.KillSwitch;
        if (target is null)
        {
            errors.Add(new FieldError("killSwitch", "A kill switch names its prompt and safe version."));
        }
        else
        {
            if (!PromptKey.IsValid(target.Prompt))
                errors.Add(new FieldError("killSwitch.prompt", $"'{target.Prompt}' is not a valid prompt key."));
            else if (promptVersions is null)
                errors.Add(new FieldError("killSwitch.prompt", $"There is no prompt '{target.Prompt}'."));

            if (target.SafeVersion is not { } safe)
                errors.Add(new FieldError("killSwitch.safeVersion", "A safe version is required."));
            else if (promptVersions is not null && !promptVersions.Contains(safe))
                errors.Add(new FieldError("killSwitch.safeVersion", $"Prompt '{target.Prompt}' has no version {safe}."));
        }

        return new FeatureFlag(
            draft.Key ?? string.Empty, draft.Description?.Trim() ?? string.Empty, FlagKind.PromptKillSwitch, draft.Enabled,
            PromptKillSwitch.Variants, PromptKillSwitch.Off, [], PromptKillSwitch.Rollout, subjectAttribute,
            new KillSwitchTarget(target?.Prompt ?? string.Empty, target?.SafeVersion ?? 0));
    }

    private static List<FlagVariant> CheckVariants(IReadOnlyList<FlagVariantDraft?>? drafts, List<FieldError> errors)
    {
        var variants = new List<FlagVariant>();
        if (drafts is null || drafts.Count is 0 or > MaxVariants)
        {
            errors.Add(new FieldError("variants", $"A flag has 1–{MaxVariants} variants."));
            return variants;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            if (draft is null)
            {
                errors.Add(new FieldError($"variants[{i}]", "A variant is null."));
                continue;
            }

            var valid = true;
            if (!ArmName.IsValid(draft.Name))
            {
                errors.Add(new FieldError($"variants[{i}].name", $"'{draft.Name}' is not a valid variant name: 1–{ArmName.MaxLength} lower-case letters, digits, '.', '_' or '-'."));
                valid = false;
            }
            else if (!seen.Add(draft.Name!))
            {
                errors.Add(new FieldError($"variants[{i}].name", $"Variant name '{draft.Name}' is used twice."));
                valid = false;
            }

            var problem = JsonProblem(draft.Value);
            if (problem is not null)
            {
                errors.Add(new FieldError($"variants[{i}].value", problem));
                valid = false;
            }

            if (valid)
                variants.Add(new FlagVariant(draft.Name!, draft.Value!));
        }

        return variants;
    }

    private static string? JsonProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return "A value is required: JSON text such as true, 42, \"text\" or {\"a\": 1}.";
        if (value.Length > MaxValueLength)
            return $"The value is longer than {MaxValueLength} characters.";
        try
        {
            using var _ = JsonDocument.Parse(value);
            return null;
        }
        catch (JsonException ex)
        {
            return $"The value is not JSON: {ex.Message}";
        }
    }

    /// <summary>Slices lie within 0–100 and do not overlap; gaps are allowed and serve the default.</summary>
    private static List<FlagPercentile> CheckRollout(IReadOnlyList<FlagPercentileDraft?>? drafts, HashSet<string> variants, List<FieldError> errors)
    {
        var rollout = new List<FlagPercentile>();
        if (drafts is null)
            return rollout;

        var placed = new List<(int Index, double From, double To)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var at = $"rollout[{i}]";
            if (draft is null)
            {
                errors.Add(new FieldError(at, "A rollout slice is null."));
                continue;
            }

            var valid = true;
            if (draft.Variant is null || !variants.Contains(draft.Variant))
            {
                errors.Add(new FieldError($"{at}.variant", $"'{draft.Variant}' is not one of the variants."));
                valid = false;
            }

            if (draft.From is not { } from || !double.IsFinite(from) || from is < 0 or >= 100)
            {
                errors.Add(new FieldError($"{at}.from", "From is a percentage in [0, 100)."));
                continue;
            }

            if (draft.To is not { } to || !double.IsFinite(to) || to <= from || to > 100)
            {
                errors.Add(new FieldError($"{at}.to", "To is a percentage above from, at most 100."));
                continue;
            }

            var overlap = placed.FindIndex(p => from < p.To && p.From < to);
            if (overlap >= 0)
            {
                errors.Add(new FieldError($"{at}.from", $"This slice overlaps rollout[{placed[overlap].Index}]."));
                continue;
            }

            placed.Add((i, from, to));
            if (valid)
                rollout.Add(new FlagPercentile(draft.Variant!, from, to));
        }

        return rollout;
    }
}
