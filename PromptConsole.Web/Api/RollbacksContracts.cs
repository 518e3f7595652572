using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Web.Services.Rollouts;

namespace PromptConsole.Web.Api;

/// <summary>
/// An automatic rollback asked for by a machine (an alert, a test): <c>trigger</c> names it (<c>alert:&lt;name&gt;</c>),
/// <c>reason</c> says what it saw. Both required.
/// </summary>
public sealed record AutomaticRollbackBody(string? Trigger, string? Reason);

public sealed record AutomaticRollbackPerformedView(bool Performed, Guid RollbackId, LabelView Label, AutomaticRollbackView? Rollback);

public sealed record AutomaticRollbacksView(AutomationStatus Status, IReadOnlyList<AutomaticRollbackView> Rollbacks);

public sealed record IncidentTimelineView(string Prompt, IReadOnlyList<IncidentEntry> Entries);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(AutomaticRollbackBody))]
[JsonSerializable(typeof(AutomaticRollbackPerformedView))]
[JsonSerializable(typeof(AutomaticRollbacksView))]
[JsonSerializable(typeof(IncidentTimelineView))]
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class RollbacksJsonContext : JsonSerializerContext;
