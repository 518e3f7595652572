namespace PromptConsole.Web.Api;

// Responses of the executions explorer (GET /api/v1/executions and /api/v1/executions/{id}).
// Outcome, cache and origin use the same wire names the list accepts as filters.

public sealed record ExecutionListItemView(
    Guid Id,
    DateTimeOffset StartedAt,
    PromptRefView Prompt,
    RouteView Route,
    string Origin,
    string Model,
    bool Simulated,
    string Outcome,
    string? ErrorType,
    string Cache,
    double LatencyMs,
    int Attempts,
    UsageView Usage,
    decimal CostUsd,
    string? TraceId,
    int? FeedbackScore,
    string? Tenant = null);

public sealed record ExecutionListView(IReadOnlyList<ExecutionListItemView> Items, int Total, int Skip, int Take);

public sealed record StageTimingsView(double? RouteMs, double? RenderMs, double? CacheMs, double? ProviderMs, double? ChecksMs);

public sealed record FeedbackView(int Score, DateTimeOffset? At);

/// <summary>The latest automated grade (0..1) and the evaluator that gave it.</summary>
public sealed record AutomatedScoreView(double Value, string? Evaluator, DateTimeOffset? At);

/// <summary>Present only when capture was on for the prompt and the text has not yet been erased.</summary>
public sealed record CapturedTextView(string Input, string? Output, DateTimeOffset? ExpiresAt);

public sealed record ExecutionDetailView(
    Guid Id,
    DateTimeOffset StartedAt,
    PromptRefView Prompt,
    RouteView Route,
    string Origin,
    string Model,
    bool Simulated,
    string Outcome,
    string? ErrorType,
    string Cache,
    double LatencyMs,
    int Attempts,
    UsageView Usage,
    decimal CostUsd,
    string InputHash,
    string? OutputHash,
    string? SubjectHash,
    string? TraceId,
    string? TraceUrl,
    StageTimingsView? Stages,
    FeedbackView? Feedback,
    AutomatedScoreView? AutomatedScore,
    CapturedTextView? Captured,
    string? Tenant = null);
