using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Prompts;
using PromptConsole.Web.Services;

namespace PromptConsole.Web.Api;

// Requests: every member is nullable so that a missing field is reported by our validation
// with its name, rather than as an opaque deserialization failure.

public sealed record ExecuteRequest(
    Dictionary<string, JsonElement>? Variables,
    string? Subject,
    string? Label,
    int? Version,
    string? Tenant = null,
    Dictionary<string, JsonElement>? Attributes = null);

public sealed record FeedbackRequest(int? Score, string? Comment);

public sealed record ScoreRequest(double? Value, string? Evaluator);

public sealed record CreatePromptRequest(string? Key, string? Name, string? Description, List<string>? Tags, VersionDraftBody? FirstVersion);

public sealed record UpdatePromptRequest(string? Name, string? Description, List<string>? Tags, bool? CaptureEnabled, int? CaptureRetentionDays, int? ExpectedRevision);

public sealed record VersionDraftBody(
    string? Template,
    string? SystemText,
    ModelSettings? Model,
    List<VariableDeclaration>? Variables,
    OutputChecks? Checks,
    string? Note,
    int? ExpectedRevision)
{
    public VersionDraft ToDraft() => new(Template ?? string.Empty, Model!, Variables, Checks, SystemText, Note);
}

/// <summary><paramref name="OverrideReason"/> lets a deploy through a refusing golden gate; the override is audited with it.</summary>
public sealed record DeployRequest(int? Version, string? Reason, int? ExpectedRevision, string? OverrideReason = null);

public sealed record LabelChangeRequest(string? Reason, int? ExpectedRevision);

// Responses.

public sealed record PromptRefView(string Key, int Version);

/// <summary>How the request was routed; <paramref name="Experiment"/> is the experiment key when <paramref name="Kind"/> is <c>experiment</c> (then <paramref name="Arm"/> is the arm).</summary>
public sealed record RouteView(string Kind, string Id, string? Arm, string? Experiment = null)
{
    /// <summary>The view of a route as records and responses spell its kind; the experiment key is filled in for experiment routes.</summary>
    public static RouteView Of(string kind, string id, string? arm) => new(kind, id, arm, Services.RouteKindNames.ExperimentOf(kind, id));

    /// <summary>A routed request's route; null for a raw conversation, which no prompt routed.</summary>
    public static RouteView? Of(Domain.Routing.RouteDecision? route) =>
        route is null ? null : Of(Services.RouteKindNames.NameOf(route.Kind), route.RouteId, route.Arm);
}

public sealed record UsageView(int InputTokens, int OutputTokens);

public sealed record ExecuteResponse(
    Guid ExecutionId,
    string Output,
    PromptRefView Prompt,
    RouteView Route,
    string Cache,
    string Model,
    bool Simulated,
    int Attempts,
    IReadOnlyList<string> ModelsTried,
    UsageView Usage,
    decimal CostUsd,
    double LatencyMs,
    string? TraceId)
{
    /// <summary>How the exact cache took part: off, miss, bypass, hit-l1, hit-l2 or coalesced (also the X-PromptConsole-Cache header).</summary>
    public string CacheStatus { get; init; } = "off";
}

public sealed record FeedbackResponse(Guid ExecutionId, int Score);

public sealed record ScoreResponse(Guid ExecutionId, double Value, string Evaluator);

public sealed record PromptSummaryView(
    string Key,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    int VersionCount,
    int? LatestVersion,
    IReadOnlyDictionary<string, int> Labels,
    DateTimeOffset UpdatedAt,
    int Revision)
{
    public static PromptSummaryView From(PromptSummary s) =>
        new(s.Key, s.Name, s.Description, s.Tags, s.VersionCount, s.LatestVersion, s.Labels, s.UpdatedAt, s.Revision);
}

public sealed record VersionView(
    int Number,
    string Template,
    string? SystemText,
    ModelSettings Model,
    IReadOnlyList<VariableDeclaration> Variables,
    OutputChecks Checks,
    string ContentHash,
    string Author,
    DateTimeOffset CreatedAt,
    string? Note,
    bool Deprecated,
    DateTimeOffset? DeprecatedAt)
{
    public static VersionView From(PromptVersion v) => new(
        v.Number, v.Template, v.SystemText, v.Model, v.Variables, v.Checks, v.ContentHash, v.Author, v.CreatedAt, v.Note, v.IsDeprecated, v.DeprecatedAt);
}

public sealed record CreatedVersionView(VersionView Version, IReadOnlyList<ProblemField> Warnings, int Revision);

public sealed record LabelMoveView(string Kind, int? From, int To, string Actor, string? Reason, DateTimeOffset At);

public sealed record LabelView(string Name, int? Version, DateTimeOffset? UpdatedAt, int? RollbackTarget, IReadOnlyList<LabelMoveView> History)
{
    public static LabelView From(Label label) => new(
        label.Name,
        label.VersionNumber,
        label.UpdatedAt,
        label.RollbackTarget,
        label.History.Select(m => new LabelMoveView(m.Kind == LabelMoveKind.Deploy ? "deploy" : "rollback", m.FromVersion, m.ToVersion, m.Actor, m.Reason, m.At)).ToArray());
}

public sealed record PromptView(
    string Key,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    int Revision,
    bool CaptureEnabled,
    int CaptureRetentionDays,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<VersionView> Versions,
    IReadOnlyList<LabelView> Labels)
{
    /// <summary>Whether a release needs a passing golden run; only <c>GET /prompts/{key}</c> fills it in.</summary>
    public bool? RequireGoldenPass { get; init; }

    /// <summary>The exact response cache's settings (<c>PUT /prompts/{key}/cache</c> changes them).</summary>
    public PromptCacheView Cache { get; init; } = new(false, Domain.Caching.ExactCacheSettings.DefaultTtlSeconds);

    public static PromptView From(Prompt p) => new(
        p.Key,
        p.Name,
        p.Description,
        p.Tags,
        p.Revision,
        p.CaptureEnabled,
        p.CaptureRetentionDays,
        p.CreatedAt,
        p.UpdatedAt,
        p.Versions.Select(VersionView.From).ToArray(),
        p.Labels.Select(LabelView.From).ToArray())
    {
        Cache = new PromptCacheView(p.ExactCacheEnabled, p.ExactCacheTtlSeconds),
    };
}

public sealed record PromptCacheView(bool Enabled, int TtlSeconds);

public sealed record AuditEventView(Guid Id, DateTimeOffset At, string Actor, string Action, string? PromptKey, string Target, string Summary, string? Reason)
{
    public static AuditEventView From(AuditEvent e) => new(e.Id, e.At, e.Actor, e.Action, e.PromptKey, e.Target, e.Summary, e.Reason);
}

/// <summary>Latency percentiles in milliseconds, each within <c>RelativeAccuracy</c> of the exact value.</summary>
public sealed record LatencyView(double? P50, double? P95, double? P99, double? Mean, double RelativeAccuracy);

public sealed record QualityView(double? Feedback, long FeedbackCount, double? Automated, long AutomatedCount);

public sealed record MetricStatsView(
    long Count,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyDictionary<string, long> ErrorTypes,
    IReadOnlyDictionary<string, long> Cache,
    double? ErrorRate,
    double? CacheHitRate,
    LatencyView LatencyMs,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    long Retries,
    long Fallbacks,
    QualityView Quality);

public sealed record MetricSeriesView(string Prompt, int Version, string? Arm, string Model, MetricStatsView Stats);

public sealed record MetricPointView(DateTimeOffset Start, long Count, double? ErrorRate, double? P50Ms, double? P95Ms, double? P99Ms, decimal CostUsd);

public sealed record MetricsWindowView(
    string Window,
    DateTimeOffset From,
    DateTimeOffset To,
    double ResolutionSeconds,
    string Source,
    MetricStatsView Total,
    IReadOnlyList<MetricSeriesView> Series,
    IReadOnlyList<MetricPointView> Points);

public sealed record ModelView(string Id, string Provider, decimal InputPer1K, decimal OutputPer1K, int ContextWindow, bool Simulated);

/// <summary>Source-generated serialization for the API: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ExecuteRequest))]
[JsonSerializable(typeof(ExecuteResponse))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
[JsonSerializable(typeof(ExecutionListView))]
[JsonSerializable(typeof(ExecutionDetailView))]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(ScoreResponse))]
[JsonSerializable(typeof(CreatePromptRequest))]
[JsonSerializable(typeof(UpdatePromptRequest))]
[JsonSerializable(typeof(VersionDraftBody))]
[JsonSerializable(typeof(DeployRequest))]
[JsonSerializable(typeof(LabelChangeRequest))]
[JsonSerializable(typeof(PromptView))]
[JsonSerializable(typeof(IReadOnlyList<PromptSummaryView>))]
[JsonSerializable(typeof(VersionView))]
[JsonSerializable(typeof(IReadOnlyList<VersionView>))]
[JsonSerializable(typeof(CreatedVersionView))]
[JsonSerializable(typeof(LabelView))]
[JsonSerializable(typeof(IReadOnlyList<LabelView>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEventView>))]
[JsonSerializable(typeof(IReadOnlyList<ModelView>))]
[JsonSerializable(typeof(MetricsWindowView))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(ProblemField[]))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
