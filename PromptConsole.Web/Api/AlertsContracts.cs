using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Api;

// Requests: every member is nullable, so a missing field is reported by validation under its own name.

/// <summary>An alert rule as the API takes it (see <see cref="AlertRuleCommand"/> for the meaning of each member).</summary>
public sealed record AlertRuleBody(
    string? Name,
    string? Prompt,
    string? Condition,
    double? Threshold,
    string? Window,
    string? Severity,
    List<string?>? Actions,
    List<Guid>? Channels,
    Guid? EscalationChannel,
    string? EscalateAfter,
    string? RepeatEvery,
    string? Label,
    string? Evaluator,
    bool? Enabled,
    Guid? Slo)
{
    public AlertRuleCommand ToCommand() => new(
        Name, Prompt, Condition, Threshold, Window, Severity, Actions?.Select(a => a ?? string.Empty).ToArray(), Channels, EscalationChannel,
        EscalateAfter, RepeatEvery, Label, Evaluator, Enabled, Slo);
}

/// <summary>An acknowledgement; the body is optional.</summary>
public sealed record AcknowledgeAlertBody(string? Comment);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(AlertRuleBody))]
[JsonSerializable(typeof(AcknowledgeAlertBody))]
[JsonSerializable(typeof(AlertRuleView))]
[JsonSerializable(typeof(IReadOnlyList<AlertRuleView>))]
[JsonSerializable(typeof(AlertView))]
[JsonSerializable(typeof(IReadOnlyList<AlertView>))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
