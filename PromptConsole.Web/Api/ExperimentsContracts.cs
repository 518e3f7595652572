using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.Experiments;
using PromptConsole.Domain.Experiments.Statistics;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Web.Services.Experiments;

namespace PromptConsole.Web.Api;

// Requests: every member is nullable, so a missing field is reported by validation under its own name.

public sealed record ArmBody(string? Name, int? Version, double? Weight);

/// <summary><c>value</c> is a string, number or boolean, or an array of them for <c>in</c>.</summary>
public sealed record TargetingBody(string? Attribute, string? Operator, JsonElement? Value)
{
    public TargetingConditionDraft ToDraft() => new(Attribute, Operator, Values(Value));

    private static IReadOnlyList<string?>? Values(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(Text).ToArray(),
        { } single => [Text(single)],
    };

    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}

public sealed record ExperimentBody(
    string? Key,
    string? Prompt,
    string? Hypothesis,
    List<ArmBody?>? Arms,
    double? Coverage,
    string? SubjectAttribute,
    List<TargetingBody?>? Targeting,
    string? PrimaryMetric,
    List<string?>? Guardrails,
    int? MinSamplesPerArm,
    DateTimeOffset? EndsAt)
{
    public ExperimentDraft ToDraft() => new(
        Key,
        Prompt,
        Hypothesis,
        Arms?.Select(a => a is null ? null : new ArmDraft(a.Name, a.Version, a.Weight)).ToArray(),
        Coverage,
        Targeting?.Select(t => t?.ToDraft()).ToArray(),
        SubjectAttribute,
        PrimaryMetric,
        Guardrails,
        MinSamplesPerArm,
        EndsAt);
}

public sealed record StopExperimentBody(string? Decision, string? Arm, string? Reason);

public sealed record AllocationArmBody(string? Name, double? Weight);

public sealed record AllocationBody(List<AllocationArmBody>? Arms, double? Coverage, bool? Confirm);

// Responses.

public sealed record ArmView(string Name, int Version, double Weight);

/// <summary><c>value</c> is one string, or an array of strings for <c>in</c>.</summary>
public sealed record TargetingView(string Attribute, string Operator, JsonElement Value);

public sealed record DecisionView(string Verdict, string? Arm, string? Reason);

public sealed record ExperimentView(
    string Key,
    string Prompt,
    string Hypothesis,
    string Status,
    IReadOnlyList<ArmView> Arms,
    double Coverage,
    string SubjectAttribute,
    IReadOnlyList<TargetingView> Targeting,
    string PrimaryMetric,
    IReadOnlyList<string> Guardrails,
    int MinSamplesPerArm,
    DateTimeOffset? EndsAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    DecisionView? Decision,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Revision)
{
    public static ExperimentView From(ExperimentDetails d)
    {
        var e = d.Experiment;
        var def = e.Definition;
        return new ExperimentView(
            def.Key,
            def.PromptKey,
            def.Hypothesis,
            e.Status.ToString().ToLowerInvariant(),
            def.Arms.Select(a => new ArmView(a.Name, a.Version, a.Weight)).ToArray(),
            def.Coverage,
            def.SubjectAttribute,
            def.Targeting.Select(t => new TargetingView(
                t.Attribute,
                TargetingOperatorNames.NameOf(t.Operator),
                t.Operator == TargetingOperator.In
                    ? JsonSerializer.SerializeToElement(t.Values.ToArray(), ExperimentsJsonContext.Default.StringArray)
                    : JsonSerializer.SerializeToElement(t.Value, ExperimentsJsonContext.Default.String))).ToArray(),
            ExperimentMetrics.NameOf(def.PrimaryMetric),
            def.Guardrails.Select(ExperimentMetrics.NameOf).ToArray(),
            def.MinSamplesPerArm,
            def.EndsAt,
            e.StartedAt,
            e.StoppedAt,
            e.Decision is { } decision ? new DecisionView(ExperimentVerdicts.NameOf(decision.Verdict), decision.Arm, d.DecisionReason) : null,
            d.CreatedBy,
            d.CreatedAt,
            d.UpdatedAt,
            d.Revision);
    }
}

public sealed record ExperimentReportView(ExperimentView Experiment, ExperimentResults Results, IReadOnlyList<AuditEventView> Audit);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ExperimentBody))]
[JsonSerializable(typeof(StopExperimentBody))]
[JsonSerializable(typeof(AllocationBody))]
[JsonSerializable(typeof(ExperimentView))]
[JsonSerializable(typeof(IReadOnlyList<ExperimentView>))]
[JsonSerializable(typeof(ExperimentResults))]
[JsonSerializable(typeof(SampleSizeEstimate))]
[JsonSerializable(typeof(ExperimentDurationEstimate))]
[JsonSerializable(typeof(ExperimentReportView))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class ExperimentsJsonContext : JsonSerializerContext;
