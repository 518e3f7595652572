using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Metrics;

namespace PromptConsole.Web.Model;

/// <summary>An average score and how many scores it rests on.</summary>
public sealed record QualitySummary(double? Average, long Count)
{
    public static QualitySummary Of(QualityTally tally) => new(tally.Average, tally.Count);
}

public sealed record ErrorTypeCount(string ErrorType, long Count, double Share);

public sealed record CacheLevelShare(CacheLevel Level, long Count, double? Share)
{
    public string Name => Level.ToString().ToLowerInvariant();
}

/// <param name="Share">Of all executions in the range.</param>
/// <param name="CostShare">Of all cost in the range; null when nothing cost anything.</param>
public sealed record PromptTraffic(
    string PromptKey,
    long Executions,
    double Share,
    decimal CostUsd,
    double? CostShare,
    double? ErrorRate,
    double? P95LatencyMs,
    QualitySummary Feedback,
    QualitySummary Automated);

/// <summary>
/// The headline numbers of one metrics window, as the overview and the prompt page show them.
/// Rates divide by the time the window's points cover (see <see cref="MetricsSeries"/>); the
/// projected daily cost is the range's cost rate held for 24 hours — a projection, not a forecast.
/// </summary>
public sealed class MetricsSummary
{
    public const int DefaultTop = 5;

    private MetricsSummary()
    {
    }

    public DateTimeOffset From { get; private init; }

    public DateTimeOffset To { get; private init; }

    /// <summary>How long one chart point covers.</summary>
    public TimeSpan Resolution { get; private init; }

    /// <summary><c>live</c> (per-second memory) or the rollup tier that served the window.</summary>
    public string Source { get; private init; } = string.Empty;

    public TimeSpan Covered { get; private init; }

    public long Executions { get; private init; }

    public double RequestsPerSecond { get; private init; }

    public double? P50LatencyMs { get; private init; }

    public double? P95LatencyMs { get; private init; }

    public double? P99LatencyMs { get; private init; }

    /// <summary>Failed share of executions, cancellations left out (see <see cref="ExecutionStats.ErrorRate"/>).</summary>
    public double? ErrorRate { get; private init; }

    /// <summary>Executions whose output was rejected or whose provider failed.</summary>
    public long Errors { get; private init; }

    public long Cancelled { get; private init; }

    /// <summary>Most frequent first; shares are of all error-typed executions.</summary>
    public IReadOnlyList<ErrorTypeCount> ErrorsByType { get; private init; } = [];

    public decimal CostUsd { get; private init; }

    public decimal CostPerMinuteUsd { get; private init; }

    /// <summary><see cref="CostUsd"/> per covered time, times 24 hours.</summary>
    public decimal ProjectedCostPerDayUsd { get; private init; }

    public long InputTokens { get; private init; }

    public long OutputTokens { get; private init; }

    public double? CacheHitRate { get; private init; }

    /// <summary>Tokens cache hits and coalesced requests did not buy again.</summary>
    public long SavedTokens { get; private init; }

    /// <summary>Dollars cache hits and coalesced requests did not pay again.</summary>
    public decimal SavedCostUsd { get; private init; }

    /// <summary>Every level (miss, exact, semantic, coalesced) in that order, zero counts included.</summary>
    public IReadOnlyList<CacheLevelShare> CacheLevels { get; private init; } = [];

    public QualitySummary Feedback { get; private init; } = new(null, 0);

    public QualitySummary Automated { get; private init; } = new(null, 0);

    public long Retries { get; private init; }

    public long Fallbacks { get; private init; }

    /// <summary>Most executions first, then by key.</summary>
    public IReadOnlyList<PromptTraffic> TopByTraffic { get; private init; } = [];

    /// <summary>Most cost first, then by key; prompts that cost nothing are left out.</summary>
    public IReadOnlyList<PromptTraffic> TopByCost { get; private init; } = [];

    /// <summary>Most scores (feedback and automated together) first, then by key; unscored prompts are left out.</summary>
    public IReadOnlyList<PromptTraffic> TopByQualityCount { get; private init; } = [];

    /// <summary>How many prompts ran in the range.</summary>
    public int PromptCount { get; private init; }

    /// <summary>Nothing ran and nobody scored anything in the range.</summary>
    public bool IsEmpty => Executions == 0 && Feedback.Count == 0 && Automated.Count == 0;

    public static MetricsSummary Of(MetricsWindow window, int top = DefaultTop)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var total = window.Total;
        var covered = MetricsSeries.Covered(window);
        var seconds = (decimal)covered.TotalSeconds;
        var errorTyped = total.ErrorTypes.Values.Sum();
        var prompts = ByPrompt(window);

        return new MetricsSummary
        {
            From = window.From,
            To = window.To,
            Resolution = window.Resolution,
            Source = window.Source,
            Covered = covered,
            Executions = total.Count,
            RequestsPerSecond = MetricsSeries.RequestRateOverall(window),
            P50LatencyMs = total.LatencyMs.Quantile(0.50),
            P95LatencyMs = total.LatencyMs.Quantile(0.95),
            P99LatencyMs = total.LatencyMs.Quantile(0.99),
            ErrorRate = total.ErrorRate(),
            Errors = total.CountOf(ExecutionOutcome.OutputRejected) + total.CountOf(ExecutionOutcome.ProviderFailed),
            Cancelled = total.CountOf(ExecutionOutcome.Cancelled),
            ErrorsByType = total.ErrorTypes
                .OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new ErrorTypeCount(e.Key, e.Value, (double)e.Value / errorTyped))
                .ToArray(),
            CostUsd = total.CostUsd,
            // Multiplied before dividing, so whole amounts over whole minutes stay exact.
            CostPerMinuteUsd = total.CostUsd * 60 / seconds,
            ProjectedCostPerDayUsd = total.CostUsd * 86_400 / seconds,
            InputTokens = total.InputTokens,
            OutputTokens = total.OutputTokens,
            CacheHitRate = total.CacheHitRate(),
            SavedTokens = total.SavedTokens,
            SavedCostUsd = total.SavedCostUsd,
            CacheLevels = Enum.GetValues<CacheLevel>()
                .Select(level => new CacheLevelShare(level, total.CountOf(level), total.Count == 0 ? null : (double)total.CountOf(level) / total.Count))
                .ToArray(),
            Feedback = QualitySummary.Of(total.FeedbackQuality),
            Automated = QualitySummary.Of(total.AutomatedQuality),
            Retries = total.Retries,
            Fallbacks = total.Fallbacks,
            PromptCount = prompts.Count(p => p.Executions > 0),
            TopByTraffic = prompts
                .Where(p => p.Executions > 0)
                .OrderByDescending(p => p.Executions).ThenBy(p => p.PromptKey, StringComparer.Ordinal)
                .Take(top)
                .ToArray(),
            TopByCost = prompts
                .Where(p => p.CostUsd > 0)
                .OrderByDescending(p => p.CostUsd).ThenBy(p => p.PromptKey, StringComparer.Ordinal)
                .Take(top)
                .ToArray(),
            TopByQualityCount = prompts
                .Where(p => p.Feedback.Count + p.Automated.Count > 0)
                .OrderByDescending(p => p.Feedback.Count + p.Automated.Count).ThenBy(p => p.PromptKey, StringComparer.Ordinal)
                .Take(top)
                .ToArray(),
        };
    }

    /// <summary>Every prompt's series merged (versions, arms and models together).</summary>
    private static List<PromptTraffic> ByPrompt(MetricsWindow window)
    {
        var total = window.Total;
        var merged = new Dictionary<string, ExecutionStats>(StringComparer.Ordinal);
        foreach (var (key, stats) in window.BySeries)
        {
            if (!merged.TryGetValue(key.PromptKey, out var prompt))
                merged[key.PromptKey] = prompt = stats.EmptyLike();
            prompt.Merge(stats);
        }

        return merged.Select(entry => new PromptTraffic(
                entry.Key,
                entry.Value.Count,
                total.Count == 0 ? 0 : (double)entry.Value.Count / total.Count,
                entry.Value.CostUsd,
                total.CostUsd == 0 ? null : (double)(entry.Value.CostUsd / total.CostUsd),
                entry.Value.ErrorRate(),
                entry.Value.LatencyMs.Quantile(0.95),
                QualitySummary.Of(entry.Value.FeedbackQuality),
                QualitySummary.Of(entry.Value.AutomatedQuality)))
            .ToList();
    }
}
