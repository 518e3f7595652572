using System.Text.Json;
using System.Text.Json.Serialization;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Experiments.Targeting;
using PromptConsole.Domain.Flags;
using PromptConsole.Web.Services.Flags;

namespace PromptConsole.Web.Api;

// Requests: every member is nullable so that a missing field is reported by the validator with its name.

/// <summary>
/// A flag body (POST, PUT). <c>variants[].value</c> is any JSON value; <c>targeting[].value</c> is a
/// string or number, or an array of them for <c>in</c>. <c>expectedRevision</c> (PUT) makes the change
/// fail with 409 when someone else changed the flag since it was read.
/// </summary>
public sealed record FlagBody(
    string? Key,
    string? Description,
    string? Kind,
    bool? Enabled,
    List<FlagVariantBody?>? Variants,
    string? DefaultVariant,
    List<TargetingConditionBody?>? Targeting,
    List<FlagPercentileBody?>? Rollout,
    string? SubjectAttribute,
    KillSwitchBody? KillSwitch,
    int? ExpectedRevision)
{
    public FlagDraft ToDraft() => new(
        Key,
        Description,
        Kind,
        Enabled ?? false,
        Variants?.Select(v => v is null ? null : new FlagVariantDraft(v.Name, v.Value is { } value ? value.GetRawText() : null)).ToArray(),
        DefaultVariant,
        Targeting?.Select(c => c is null ? null : new TargetingConditionDraft(c.Attribute, c.Operator, TargetingValuesOf(c.Value))).ToArray(),
        Rollout?.Select(s => s is null ? null : new FlagPercentileDraft(s.Variant, s.From, s.To)).ToArray(),
        SubjectAttribute,
        KillSwitch is null ? null : new KillSwitchTargetDraft(KillSwitch.Prompt, KillSwitch.SafeVersion));

    /// <summary>A string or number becomes one value, an array several; a number keeps its JSON text, anything else is null (and refused by the validator).</summary>
    private static IReadOnlyList<string?>? TargetingValuesOf(JsonElement? value) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(Scalar).ToArray(),
        { } scalar => [Scalar(scalar)],
    };

    private static string? Scalar(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };
}

public sealed record FlagVariantBody(string? Name, JsonElement? Value);

public sealed record TargetingConditionBody(string? Attribute, string? Operator, JsonElement? Value);

public sealed record FlagPercentileBody(string? Variant, double? From, double? To);

public sealed record KillSwitchBody(string? Prompt, int? SafeVersion);

/// <summary>Optional body of enable/disable: why (kept in the audit) and the revision the caller saw.</summary>
public sealed record FlagSwitchBody(string? Reason, int? ExpectedRevision);

// Responses.

public sealed record FlagVariantView(string Name, JsonElement Value);

/// <summary><c>value</c> is a string, or an array of strings for <c>in</c> — the shape the body takes.</summary>
public sealed record TargetingConditionView(string Attribute, string Operator, JsonElement Value);

public sealed record FlagPercentileView(string Variant, double From, double To);

public sealed record KillSwitchView(string Prompt, int SafeVersion);

public sealed record FlagView(
    string Key,
    string Description,
    string Kind,
    bool Enabled,
    IReadOnlyList<FlagVariantView> Variants,
    string DefaultVariant,
    IReadOnlyList<TargetingConditionView> Targeting,
    IReadOnlyList<FlagPercentileView> Rollout,
    string SubjectAttribute,
    KillSwitchView? KillSwitch,
    int Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static FlagView From(FlagRecord record)
    {
        var flag = record.Flag;
        return new FlagView(
            flag.Key,
            flag.Description,
            flag.Kind == FlagKind.PromptKillSwitch ? FlagValidator.PromptKillSwitchKind : FlagValidator.StandardKind,
            flag.Enabled,
            flag.Variants.Select(v => new FlagVariantView(v.Name, Json(v.Value))).ToArray(),
            flag.DefaultVariant,
            flag.Targeting.Select(ConditionView).ToArray(),
            flag.Rollout.Select(s => new FlagPercentileView(s.Variant, s.From, s.To)).ToArray(),
            flag.SubjectAttribute,
            flag.KillSwitch is { } target ? new KillSwitchView(target.PromptKey, target.SafeVersion) : null,
            record.Revision,
            record.CreatedAt,
            record.UpdatedAt);
    }

    private static TargetingConditionView ConditionView(TargetingCondition condition) => new(
        condition.Attribute,
        TargetingOperatorNames.NameOf(condition.Operator),
        condition.Operator == TargetingOperator.In
            ? JsonSerializer.SerializeToElement(condition.Values, FlagsJsonContext.Default.IReadOnlyListString)
            : JsonSerializer.SerializeToElement(condition.Value, FlagsJsonContext.Default.String));

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}

/// <summary>The evaluate answer: <c>value</c> is the variant's JSON value itself, not a string holding it.</summary>
public sealed record FlagEvaluationView(string Key, string Variant, JsonElement Value, bool Enabled, string Reason)
{
    public static FlagEvaluationView From(FlagDecision decision) =>
        new(decision.Key, decision.Variant, decision.Value, decision.Enabled, FlagEvaluationReasons.NameOf(decision.Reason));
}

public sealed record FlagAuditView(DateTimeOffset At, string Actor, string Action, string? PromptKey, string Target, string Summary, string? Reason)
{
    public static FlagAuditView From(AuditEvent e) => new(e.At, e.Actor, e.Action, e.PromptKey, e.Target, e.Summary, e.Reason);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FlagBody))]
[JsonSerializable(typeof(FlagSwitchBody))]
[JsonSerializable(typeof(FlagView))]
[JsonSerializable(typeof(IReadOnlyList<FlagView>))]
[JsonSerializable(typeof(FlagEvaluationView))]
[JsonSerializable(typeof(IReadOnlyList<FlagAuditView>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string))]
public sealed partial class FlagsJsonContext : JsonSerializerContext;
