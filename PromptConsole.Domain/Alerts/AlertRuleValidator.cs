using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Domain.Prompts;

namespace PromptConsole.Domain.Alerts;

/// <summary>
/// Checks an alert rule draft on its own (whether the prompt, the channels and the SLO exist is the service's
/// business). Every problem is reported under the body field that causes it, camelCase, with list indexes
/// (<c>actions[1]</c>).
/// </summary>
public static class AlertRuleValidator
{
    public const int MaxNameLength = 200;

    public const int MaxChannels = 20;

    public const double MaxRatio = 100;

    public const double MaxProviderFailures = 1_000_000;

    /// <summary>The calibration-drift thresholds: minor drift or worse, or significant drift only.</summary>
    public const double MinorDriftOrWorse = 0.5;

    public const double SignificantDrift = 1;

    /// <summary>The window a rule reads when none is given; calibration pairs are sparse, so that one reads a week.</summary>
    public static string DefaultWindow(AlertCondition condition) => condition == AlertCondition.CalibrationDrift ? "7d" : "5m";

    /// <summary>The threshold a rule takes when none is given (see <see cref="AlertConditionEvaluator"/> for the meanings).</summary>
    public static double DefaultThreshold(AlertCondition condition) => condition switch
    {
        AlertCondition.ErrorRateSpike => 0.05,
        AlertCondition.LatencyVsBaseline => 2,
        AlertCondition.SuccessRateDrop => 0.95,
        AlertCondition.CostSpike => 2,
        AlertCondition.CacheHitRateDrop => 0.2,
        AlertCondition.QualityDrop => 0.6,
        AlertCondition.FeedbackDrop => 3,
        AlertCondition.CalibrationDrift => SignificantDrift,
        AlertCondition.ProviderFailures => 5,
        AlertCondition.SloBurn => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
    };

    /// <summary>Null when <paramref name="threshold"/> fits the condition, else what it must be.</summary>
    public static string? ThresholdProblem(AlertCondition condition, double threshold)
    {
        if (!double.IsFinite(threshold))
            return "A finite number.";
        return condition switch
        {
            AlertCondition.ErrorRateSpike when threshold is <= 0 or > 1 => "An error rate above 0 and at most 1 (0.05 is 5 %).",
            AlertCondition.SuccessRateDrop when threshold is <= 0 or >= 1 => "A success rate above 0 and below 1 (0.95 is 95 %).",
            AlertCondition.LatencyVsBaseline or AlertCondition.CostSpike when threshold is <= 1 or > MaxRatio =>
                Invariant($"A ratio to the baseline above 1 and at most {MaxRatio} (2 is twice the baseline)."),
            AlertCondition.CacheHitRateDrop when threshold is <= 0 or > 1 => "A drop of the hit rate above 0 and at most 1 (0.2 is 20 points below the baseline).",
            AlertCondition.QualityDrop when threshold is <= 0 or > 1 => "A mean automated score above 0 and at most 1.",
            AlertCondition.FeedbackDrop when threshold is < 1 or > 5 => "A mean feedback score from 1 to 5.",
            AlertCondition.CalibrationDrift when threshold is not (MinorDriftOrWorse or SignificantDrift) =>
                "1 (significant drift) or 0.5 (minor drift or worse).",
            AlertCondition.ProviderFailures when threshold < 1 || threshold > MaxProviderFailures || threshold != Math.Floor(threshold) =>
                Invariant($"A whole number of provider failures from 1 to {MaxProviderFailures}."),
            AlertCondition.SloBurn when threshold < 0 => "Not used by slo-burn (the SLO's burn-rate rules decide); leave it out.",
            _ => null,
        };
    }

    public static Result<AlertRuleDefinition> Validate(AlertRuleDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();

        var name = draft.Name?.Trim() ?? string.Empty;
        if (name.Length == 0)
            errors.Add(new FieldError("name", "Name the rule."));
        else if (name.Length > MaxNameLength)
            errors.Add(new FieldError("name", Invariant($"At most {MaxNameLength} characters.")));

        var prompt = string.IsNullOrWhiteSpace(draft.Prompt) ? null : draft.Prompt.Trim();
        if (prompt is not null && !PromptKey.IsValid(prompt))
            errors.Add(new FieldError("prompt", $"'{prompt}' is not a prompt key."));

        var condition = AlertConditionNames.Parse(draft.Condition);
        if (condition is null)
        {
            errors.Add(new FieldError("condition", string.IsNullOrWhiteSpace(draft.Condition)
                ? $"Name the condition: {string.Join(", ", AlertConditionNames.All)}."
                : $"'{draft.Condition}' is not a condition; one of {string.Join(", ", AlertConditionNames.All)}."));
        }

        var threshold = 0d;
        if (condition is { } known)
        {
            threshold = draft.Threshold ?? DefaultThreshold(known);
            if (ThresholdProblem(known, threshold) is { } problem)
                errors.Add(new FieldError("threshold", problem));
        }

        var windowText = string.IsNullOrWhiteSpace(draft.Window) ? DefaultWindow(condition ?? AlertCondition.ErrorRateSpike) : draft.Window.Trim();
        var window = MetricsWindowSpec.Parse(windowText, "window");
        if (!window.IsSuccess)
            errors.AddRange(window.Error!.FieldErrors);

        var severity = AlertSeverity.Ticket;
        if (!string.IsNullOrWhiteSpace(draft.Severity))
        {
            if (AlertSeverityNames.Parse(draft.Severity) is { } parsed)
                severity = parsed;
            else
                errors.Add(new FieldError("severity", $"'{draft.Severity}' is not a severity; one of page, ticket, info."));
        }

        var actions = new List<AlertAction>();
        var drafts = draft.Actions ?? ["notify"];
        for (var i = 0; i < drafts.Count; i++)
        {
            if (AlertActionNames.Parse(drafts[i]) is not { } action)
            {
                errors.Add(new FieldError(Invariant($"actions[{i}]"), $"'{drafts[i]}' is not an action; one of {string.Join(", ", AlertActionNames.All)}."));
                continue;
            }

            if (action is AlertAction.PauseCanary or AlertAction.Rollback && prompt is null && condition != AlertCondition.SloBurn)
                errors.Add(new FieldError(Invariant($"actions[{i}]"), $"'{drafts[i]}' acts on one prompt: name the rule's prompt."));
            if (!actions.Contains(action))
                actions.Add(action);
        }

        var channels = draft.Channels ?? [];
        if (channels.Count > MaxChannels)
            errors.Add(new FieldError("channels", Invariant($"At most {MaxChannels} channels.")));
        for (var i = 0; i < channels.Count; i++)
        {
            if (channels[i] == Guid.Empty)
                errors.Add(new FieldError(Invariant($"channels[{i}]"), "Not a channel id."));
            else if (channels.Take(i).Contains(channels[i]))
                errors.Add(new FieldError(Invariant($"channels[{i}]"), "The channel is listed twice."));
        }

        if (actions.Contains(AlertAction.Notify) && channels.Count == 0)
            errors.Add(new FieldError("channels", "The rule notifies: name at least one channel (or leave notify out of the actions)."));

        var escalateAfter = OptionalDuration(draft.EscalateAfter, "escalateAfter", errors);
        var repeatEvery = OptionalDuration(draft.RepeatEvery, "repeatEvery", errors);
        if (draft.EscalationChannel == Guid.Empty)
            errors.Add(new FieldError("escalationChannel", "Not a channel id."));
        if (escalateAfter.Text is not null && draft.EscalationChannel is null)
            errors.Add(new FieldError("escalationChannel", "Name the channel told when nobody acknowledges within escalateAfter."));
        if (draft.EscalationChannel is not null && string.IsNullOrWhiteSpace(draft.EscalateAfter))
            errors.Add(new FieldError("escalateAfter", "Say how long to wait for an acknowledgement before escalating, e.g. 15m."));

        var label = string.IsNullOrWhiteSpace(draft.Label) ? LabelName.Production : draft.Label.Trim();
        if (!LabelName.IsValid(label))
            errors.Add(new FieldError("label", $"'{label}' is not a label name."));

        var evaluator = string.IsNullOrWhiteSpace(draft.Evaluator) ? null : draft.Evaluator.Trim();
        if (evaluator is not null)
        {
            if (condition is { } c && c != AlertCondition.CalibrationDrift)
                errors.Add(new FieldError("evaluator", "Only calibration-drift watches one evaluator; leave it out."));
            else if (!AutomatedScore.IsValidEvaluator(evaluator))
                errors.Add(new FieldError("evaluator", $"'{evaluator}' is not an evaluator name (lowercase letters, digits, '-', '_' or '.')."));
        }

        if (condition == AlertCondition.SloBurn && draft.Slo is null)
            errors.Add(new FieldError("slo", "Name the SLO whose burn rate the rule watches."));
        else if (condition is { } other && other != AlertCondition.SloBurn && draft.Slo is not null)
            errors.Add(new FieldError("slo", "Only slo-burn watches an SLO; leave it out."));
        else if (draft.Slo == Guid.Empty)
            errors.Add(new FieldError("slo", "Not an SLO id."));

        if (errors.Count > 0)
            return Error.Validation("invalid-alert-rule", "The alert rule is not valid.", errors);

        return new AlertRuleDefinition(
            name, prompt, condition!.Value, threshold, windowText, window.Value, severity, actions, channels.ToArray(),
            draft.EscalationChannel, escalateAfter.Text, escalateAfter.Span, repeatEvery.Text, repeatEvery.Span,
            label, evaluator, draft.Enabled ?? true, draft.Slo);
    }

    private static (string? Text, TimeSpan? Span) OptionalDuration(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (null, null);
        var parsed = MetricsWindowSpec.Parse(text.Trim(), field);
        if (!parsed.IsSuccess)
        {
            errors.AddRange(parsed.Error!.FieldErrors);
            return (null, null);
        }

        return (text.Trim(), parsed.Value);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
