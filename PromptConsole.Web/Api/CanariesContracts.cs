using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Api;

// Requests: every member is nullable, so a missing field is reported by validation under its own name.

/// <summary>
/// One gate. A condition is a string (<c>"&lt; 0.05"</c>, <c>"result &gt; 1.5"</c>) or an object
/// <c>{operator, threshold}</c>. A gate that names neither condition takes its metric's default conditions.
/// </summary>
public sealed record CanaryGateBody(
    string? Metric,
    JsonElement? SuccessCondition,
    JsonElement? FailureCondition,
    int? FailureLimit,
    int? InconclusiveLimit,
    int? ConsecutiveErrorLimit,
    bool? Statistical);

public sealed record StartCanaryBody(
    int? CandidateVersion,
    string? Label,
    List<int>? Steps,
    double? StepMinutes,
    int? MinExecutionsPerStep,
    List<CanaryGateBody?>? Gates,
    string? Reason,
    string? OverrideReason)
{
    /// <summary>The service's command, or a validation error naming each gate field that does not parse.</summary>
    public Result<StartCanaryCommand> ToCommand()
    {
        var errors = new List<FieldError>();
        List<CanaryGate>? gates = null;
        if (Gates is not null)
        {
            gates = [];
            for (var i = 0; i < Gates.Count; i++)
            {
                if (ToGate(Gates[i], $"gates[{i}]", errors) is { } gate)
                    gates.Add(gate);
            }
        }

        if (errors.Count > 0)
            return Error.Validation("invalid-canary", "The canary is not valid.", errors);
        return new StartCanaryCommand(CandidateVersion, Label, Steps, StepMinutes, MinExecutionsPerStep, gates, Reason, OverrideReason);
    }

    private static CanaryGate? ToGate(CanaryGateBody? body, string field, List<FieldError> errors)
    {
        if (body is null)
        {
            errors.Add(new FieldError(field, "A gate is an object with a metric and conditions."));
            return null;
        }

        var before = errors.Count;
        GateMetric metric = default;
        if (string.IsNullOrWhiteSpace(body.Metric))
            errors.Add(new FieldError(field + ".metric", $"Name the metric: one of {string.Join(", ", GateMetrics.Names)}."));
        else if (!GateMetrics.TryParse(body.Metric.Trim(), out metric))
            errors.Add(new FieldError(field + ".metric", $"Unknown metric '{body.Metric}': use one of {string.Join(", ", GateMetrics.Names)}."));

        var success = Condition(body.SuccessCondition, field + ".successCondition", errors);
        var failure = Condition(body.FailureCondition, field + ".failureCondition", errors);
        if (errors.Count > before)
            return null;

        var defaults = CanaryGateDefaults.For(metric);
        var named = IsGiven(body.SuccessCondition) || IsGiven(body.FailureCondition);
        return new CanaryGate(
            metric,
            named ? success : defaults.SuccessCondition,
            named ? failure : defaults.FailureCondition,
            body.FailureLimit ?? defaults.FailureLimit,
            body.InconclusiveLimit ?? defaults.InconclusiveLimit,
            body.ConsecutiveErrorLimit ?? defaults.ConsecutiveErrorLimit,
            body.Statistical ?? defaults.Statistical);
    }

    private static bool IsGiven(JsonElement? element) => element is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };

    private static GateCondition? Condition(JsonElement? element, string field, List<FieldError> errors)
    {
        if (!IsGiven(element))
            return null;
        var value = element!.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (GateConditions.Parse(value.GetString()) is { } parsed)
                    return parsed;
                errors.Add(new FieldError(field, $"'{value.GetString()}' is not a condition: write e.g. \"< 0.05\" or \"result >= 1.2\"."));
                return null;
            case JsonValueKind.Object:
            {
                string? op = null;
                double? threshold = null;
                foreach (var property in value.EnumerateObject())
                {
                    if (property.NameEquals("operator") && property.Value.ValueKind == JsonValueKind.String)
                        op = property.Value.GetString();
                    else if (property.NameEquals("threshold") && property.Value.ValueKind == JsonValueKind.Number)
                        threshold = property.Value.GetDouble();
                }

                if (!GateConditions.TryParseComparison(op, out var comparison))
                {
                    errors.Add(new FieldError(field + ".operator", "Use <, <=, > or >=."));
                    return null;
                }

                if (threshold is not { } number || !double.IsFinite(number))
                {
                    errors.Add(new FieldError(field + ".threshold", "The threshold is a number."));
                    return null;
                }

                return new GateCondition(comparison, number);
            }

            default:
                errors.Add(new FieldError(field, "A condition is a string such as \"< 0.05\" or an object {operator, threshold}."));
                return null;
        }
    }
}

/// <summary>The optional body of promote, pause, resume and abort.</summary>
public sealed record CanaryActionBody(string? Reason);

// Responses.

public sealed record GateConditionView(string Operator, double Threshold, string Text)
{
    public static GateConditionView? From(GateCondition? condition) => condition is null
        ? null
        : new GateConditionView(GateConditions.SymbolOf(condition.Comparison), condition.Threshold, GateConditions.Format(condition));
}

public sealed record CanaryGateView(
    string Metric,
    GateConditionView? SuccessCondition,
    GateConditionView? FailureCondition,
    int FailureLimit,
    int InconclusiveLimit,
    int ConsecutiveErrorLimit,
    bool Statistical);

public sealed record CanaryMeasurementView(string Metric, string Phase, double? Candidate, double? Baseline, double? Value, double? PValue, string Reason);

public sealed record CanaryDecisionJsonView(
    DateTimeOffset At,
    int StepIndex,
    int Percent,
    string Action,
    string Reason,
    string Actor,
    long CandidateExecutions,
    long BaselineExecutions,
    IReadOnlyList<CanaryMeasurementView> Measurements);

public sealed record CanaryView(
    string Key,
    string Prompt,
    string Label,
    int BaselineVersion,
    int CandidateVersion,
    string Status,
    IReadOnlyList<int> Steps,
    int StepIndex,
    int Percent,
    double StepMinutes,
    int MinExecutionsPerStep,
    IReadOnlyList<CanaryGateView> Gates,
    DateTimeOffset StartedAt,
    string StartedBy,
    DateTimeOffset StepStartedAt,
    DateTimeOffset? EndedAt,
    string? StatusReason,
    IReadOnlyList<CanaryDecisionJsonView> Decisions)
{
    public static CanaryView From(CanaryDetails d) => new(
        d.Key,
        d.PromptKey,
        d.Label,
        d.BaselineVersion,
        d.CandidateVersion,
        CanaryStatusNames.Of(d.Status),
        d.Steps,
        d.StepIndex,
        d.Percent,
        Math.Round(d.StepDuration.TotalMinutes, 4),
        d.MinExecutionsPerStep,
        d.Gates.Select(g => new CanaryGateView(
            GateMetrics.NameOf(g.Metric),
            GateConditionView.From(g.SuccessCondition),
            GateConditionView.From(g.FailureCondition),
            g.FailureLimit,
            g.InconclusiveLimit,
            g.ConsecutiveErrorLimit,
            g.Statistical)).ToArray(),
        d.StartedAt,
        d.StartedBy,
        d.StepStartedAt,
        d.EndedAt,
        d.StatusReason,
        d.Decisions.Select(x => new CanaryDecisionJsonView(
            x.At,
            x.StepIndex,
            x.Percent,
            x.Action,
            x.Reason,
            x.Actor,
            x.CandidateExecutions,
            x.BaselineExecutions,
            x.Measurements.Select(m => new CanaryMeasurementView(GateMetrics.NameOf(m.Metric), m.Phase, Finite(m.Candidate), Finite(m.Baseline), Finite(m.Value), Finite(m.PValue), m.Reason)).ToArray())).ToArray());

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Key} {Status} {Percent} %");
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(StartCanaryBody))]
[JsonSerializable(typeof(CanaryActionBody))]
[JsonSerializable(typeof(CanaryView))]
[JsonSerializable(typeof(IReadOnlyList<CanaryView>))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class CanariesJsonContext : JsonSerializerContext;
