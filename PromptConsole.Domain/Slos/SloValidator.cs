using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Slos;

/// <summary>
/// Checks an SLO draft and reports every offending field at once, by its API name. Whether the prompt exists is the
/// caller's question (it needs the registry); here only its shape is checked.
/// </summary>
public static class SloValidator
{
    public const int MaxNameLength = 200;

    /// <summary>The rolling periods offered: a week, four weeks (whole weeks, so weekdays weigh the same) and a month.</summary>
    public static readonly IReadOnlyList<int> PeriodsDays = [7, 28, 30];

    public static Result<SloDefinition> Validate(Guid id, SloDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();

        var name = draft.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add(new FieldError("name", "A name is required."));
        else if (name.Length > MaxNameLength)
            errors.Add(new FieldError("name", $"A name is at most {MaxNameLength} characters."));

        var prompt = string.IsNullOrWhiteSpace(draft.Prompt) ? null : draft.Prompt.Trim();
        if (prompt is not null && !PromptKey.IsValid(prompt))
            errors.Add(new FieldError("prompt", $"'{prompt}' is not a valid prompt key; leave it out (null) to cover every prompt."));

        var indicator = SloIndicatorNames.Parse(draft.Indicator);
        if (indicator is null)
            errors.Add(new FieldError("indicator", $"'{draft.Indicator}' is not an indicator: availability, latency or quality."));

        if (draft.Objective is not { } objective || !double.IsFinite(objective) || objective <= 0 || objective >= 100)
            errors.Add(new FieldError("objective", $"The objective is a percentage strictly between 0 and 100 (e.g. 99.5); got {Text(draft.Objective)}."));

        if (draft.PeriodDays is not { } period || !PeriodsDays.Contains(period))
            errors.Add(new FieldError("periodDays", $"The period is 7, 28 or 30 days; got {Text(draft.PeriodDays)}."));

        if (indicator == SloIndicator.Latency)
        {
            if (draft.LatencyThresholdMs is not { } latency || !double.IsFinite(latency) || latency <= 0)
                errors.Add(new FieldError("latencyThresholdMs", $"A latency SLO needs a threshold in milliseconds above 0; got {Text(draft.LatencyThresholdMs)}."));
        }
        else if (draft.LatencyThresholdMs is not null)
        {
            errors.Add(new FieldError("latencyThresholdMs", "Only a latency SLO has a latency threshold."));
        }

        if (indicator == SloIndicator.Quality)
        {
            if (draft.QualityThreshold is not { } quality || !double.IsFinite(quality) || quality < 0 || quality > 1)
                errors.Add(new FieldError("qualityThreshold", $"A quality SLO needs a score threshold from 0 to 1 (feedback 1–5 counts as (score − 1) / 4); got {Text(draft.QualityThreshold)}."));
        }
        else if (draft.QualityThreshold is not null)
        {
            errors.Add(new FieldError("qualityThreshold", "Only a quality SLO has a quality threshold."));
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-slo", "The SLO is not valid.", errors);

        return new SloDefinition(
            id,
            name!,
            prompt,
            indicator!.Value,
            draft.Objective!.Value,
            draft.PeriodDays!.Value,
            indicator == SloIndicator.Latency ? draft.LatencyThresholdMs : null,
            indicator == SloIndicator.Quality ? draft.QualityThreshold : null);
    }

    private static string Text(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "nothing";

    private static string Text(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "nothing";
}
