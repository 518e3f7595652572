using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Web.Services.Slos;

namespace PromptConsole.Web.Api;

/// <summary>
/// An SLO as sent (<c>POST</c> and <c>PUT /api/v1/slos</c>). Every member is nullable, so a missing field is reported
/// by validation under its own name; <c>prompt</c> null covers every prompt.
/// </summary>
public sealed record SloBody(
    string? Name,
    string? Prompt,
    string? Indicator,
    double? Objective,
    int? PeriodDays,
    double? LatencyThresholdMs,
    double? QualityThreshold)
{
    public SloCommand ToCommand() => new(Name, Prompt, Indicator, Objective, PeriodDays, LatencyThresholdMs, QualityThreshold);
}

/// <summary>An SLO's burn chart: one point per moment over <c>range</c>, oldest first.</summary>
public sealed record SloBurnView(Guid Id, string Range, IReadOnlyList<SloBurnPoint> Points);

/// <summary>
/// Nulls are written (<c>"prompt": null</c> means every prompt, <c>"burning": null</c> nothing burns), so every field
/// of the contract is always present.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(SloBody))]
[JsonSerializable(typeof(SloView))]
[JsonSerializable(typeof(IReadOnlyList<SloView>))]
[JsonSerializable(typeof(SloStatusView))]
[JsonSerializable(typeof(IReadOnlyList<SloStatusView>))]
[JsonSerializable(typeof(SloBurnView))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class SlosJsonContext : JsonSerializerContext;
