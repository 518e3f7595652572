using System.Text.Json;
using System.Text.Json.Serialization;
using PromptConsole.Domain.Caching;

namespace PromptConsole.Web.Api;

/// <summary>One threshold's row: samples at or above it, false hits among them, their rate and its Wilson 95 % upper bound.</summary>
public sealed record FalseHitRowView(double Threshold, int Samples, int FalseHits, double? FalseHitRate, double UpperBound)
{
    public static FalseHitRowView From(FalseHitRow row) => new(row.Threshold, row.Samples, row.FalseHits, row.FalseHitRate, row.UpperBound);
}

/// <summary><c>GET /api/v1/prompts/{key}/semantic-cache/estimate</c>.</summary>
public sealed record SemanticCacheEstimateView(
    string PromptKey,
    int? Version,
    string? Model,
    double TargetFalseHitRate,
    int MinimumSamples,
    double? RecommendedThreshold,
    IReadOnlyList<FalseHitRowView> Rows);

/// <summary><c>POST /api/v1/executions/{id}/wrong-cached-answer</c>: the served hit now counted as a false hit.</summary>
public sealed record WrongCachedAnswerView(Guid ExecutionId, string PromptKey, int PromptVersion, double Similarity, DateTimeOffset MarkedWrongAt, string MarkedWrongBy);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(SemanticCacheEstimateView))]
[JsonSerializable(typeof(WrongCachedAnswerView))]
public sealed partial class SemanticCacheEstimateJsonContext : JsonSerializerContext;
