using PromptConsole.Domain.Execution;

namespace PromptConsole.Domain.Metrics;

/// <summary>Where a quality score came from; people and automated graders are kept apart because they are on different footings.</summary>
public enum QualitySource
{
    Feedback,
    Automated,
}

/// <summary>What the metrics store needs from one execution, and nothing it must not keep (no text, no subject).</summary>
public sealed record ExecutionObservation(
    MetricSeriesKey Key,
    ExecutionOutcome Outcome,
    string? ErrorType,
    double LatencyMs,
    int InputTokens,
    int OutputTokens,
    decimal CostUsd,
    CacheLevel Cache,
    int Attempts,
    bool AnsweredByFallback,
    int? FeedbackScore = null,
    double? AutomatedQualityScore = null,
    string? Tenant = null)
{
    /// <summary>Tokens a cache hit or coalesced request did not buy again (0 otherwise).</summary>
    public int SavedTokens { get; init; }

    /// <summary>Dollars a cache hit or coalesced request did not pay again (0 otherwise).</summary>
    public decimal SavedCostUsd { get; init; }

    /// <summary>
    /// The observation of a completed record. Whether a fallback model answered is not on the
    /// record (it keeps only the model that answered), so the executor passes it in.
    /// </summary>
    public static ExecutionObservation FromRecord(ExecutionRecord record, bool answeredByFallback, double? automatedQualityScore = null) => new(
        MetricSeriesKey.Of(record),
        record.Outcome,
        record.ErrorType,
        record.LatencyMs,
        record.InputTokens,
        record.OutputTokens,
        record.CostUsd,
        record.Cache,
        record.Attempts,
        answeredByFallback,
        record.FeedbackScore,
        automatedQualityScore,
        record.Tenant)
    {
        SavedTokens = record.SavedTokens,
        SavedCostUsd = record.SavedCostUsd,
    };
}
