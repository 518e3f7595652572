using System.Runtime.InteropServices;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Execution;

namespace PromptConsole.Domain.Metrics;

/// <summary>A running sum and count of quality scores; the average is derived so tallies merge exactly.</summary>
public readonly record struct QualityTally(double Sum, long Count)
{
    public double? Average => Count == 0 ? null : Sum / Count;

    public QualityTally With(double score) => new(Sum + score, Count + 1);

    public QualityTally Plus(QualityTally other) => new(Sum + other.Sum, Count + other.Count);
}

/// <summary>
/// The aggregate of the executions of one series in one time bucket. Everything in it is a count,
/// a sum or a mergeable histogram, so aggregates from several buckets or instances merge into
/// exactly what aggregating all their executions at once would give. Not thread-safe; the owner
/// serializes access.
/// </summary>
public sealed class ExecutionStats
{
    private readonly Dictionary<ExecutionOutcome, long> _outcomes = [];
    private readonly Dictionary<string, long> _errorTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<CacheLevel, long> _cacheLevels = [];

    public ExecutionStats(double latencyRelativeAccuracy = LogHistogram.DefaultRelativeAccuracy)
        : this(new LogHistogram(latencyRelativeAccuracy))
    {
    }

    private ExecutionStats(LogHistogram latency)
    {
        LatencyMs = latency;
    }

    public long Count { get; private set; }

    public IReadOnlyDictionary<ExecutionOutcome, long> Outcomes => _outcomes;

    public IReadOnlyDictionary<string, long> ErrorTypes => _errorTypes;

    public IReadOnlyDictionary<CacheLevel, long> CacheLevels => _cacheLevels;

    public LogHistogram LatencyMs { get; }

    public long InputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public decimal CostUsd { get; private set; }

    /// <summary>Attempts beyond the first, summed.</summary>
    public long Retries { get; private set; }

    /// <summary>Tokens that cache hits and coalesced requests did not buy again.</summary>
    public long SavedTokens { get; private set; }

    /// <summary>Dollars that cache hits and coalesced requests did not pay again.</summary>
    public decimal SavedCostUsd { get; private set; }

    /// <summary>Executions a fallback model answered.</summary>
    public long Fallbacks { get; private set; }

    public QualityTally FeedbackQuality { get; private set; }

    public QualityTally AutomatedQuality { get; private set; }

    /// <summary>Every quality score (feedback and automated) by 0.01 bin on the 0..1 scale, for "share at or above a threshold".</summary>
    public QualityScoreBins QualityScores { get; private set; } = new();

    /// <summary>
    /// How many scores are in <see cref="QualityScores"/>. Rollups written before the bins existed carry only the
    /// tallies, so this can be below the tallies' counts; SLOs count from the bins alone.
    /// </summary>
    public long QualityScoresTotal => QualityScores.Total;

    /// <summary>How many scores (0..1 scale, feedback as (score − 1) / 4) were at or above <paramref name="threshold"/>.</summary>
    public long QualityScoresAtOrAbove(double threshold) => QualityScores.AtOrAbove(threshold);

    public bool IsEmpty => Count == 0 && FeedbackQuality.Count == 0 && AutomatedQuality.Count == 0;

    public long CountOf(ExecutionOutcome outcome) => _outcomes.GetValueOrDefault(outcome);

    public long CountOf(CacheLevel level) => _cacheLevels.GetValueOrDefault(level);

    public long CountOfErrorType(string errorType) => _errorTypes.GetValueOrDefault(errorType);

    /// <summary>An empty aggregate whose latency histogram merges with this one's.</summary>
    public ExecutionStats EmptyLike() => new(LatencyMs.EmptyLike());

    public ExecutionStats Copy()
    {
        var copy = EmptyLike();
        copy.Merge(this);
        return copy;
    }

    public void Add(ExecutionObservation observation)
    {
        LatencyMs.Add(observation.LatencyMs);
        Count++;
        Increment(_outcomes, observation.Outcome, 1);
        Increment(_cacheLevels, observation.Cache, 1);
        if (observation.ErrorType is { } errorType)
            Increment(_errorTypes, errorType, 1);

        InputTokens += observation.InputTokens;
        OutputTokens += observation.OutputTokens;
        CostUsd += observation.CostUsd;
        SavedTokens += observation.SavedTokens;
        SavedCostUsd += observation.SavedCostUsd;
        Retries += Math.Max(0, observation.Attempts - 1);
        if (observation.AnsweredByFallback)
            Fallbacks++;

        if (observation.FeedbackScore is { } feedback)
        {
            FeedbackQuality = FeedbackQuality.With(feedback);
            QualityScores.Add(QualitySource.Feedback, feedback);
        }

        if (observation.AutomatedQualityScore is { } automated)
        {
            AutomatedQuality = AutomatedQuality.With(automated);

            // The bins refuse what is not a number; the execution itself still counts.
            if (double.IsFinite(automated))
                QualityScores.Add(QualitySource.Automated, automated);
        }
    }

    /// <summary>Feedback usually arrives after the execution was counted; it is tallied on its own.</summary>
    public void AddQualityScore(QualitySource source, double score)
    {
        if (!double.IsFinite(score))
            throw new ArgumentOutOfRangeException(nameof(score), score, "Quality scores must be finite.");

        if (source == QualitySource.Feedback)
            FeedbackQuality = FeedbackQuality.With(score);
        else
            AutomatedQuality = AutomatedQuality.With(score);
        QualityScores.Add(source, score);
    }

    /// <summary>Adds <paramref name="other"/> into this aggregate; refused (and nothing changed) when the latency histograms are incompatible.</summary>
    public Result<ExecutionStats> Merge(ExecutionStats other)
    {
        var latency = LatencyMs.Merge(other.LatencyMs);
        if (!latency.IsSuccess)
            return latency.Error!;

        // Snapshot first so merging an aggregate into itself doubles it rather than failing mid-enumeration.
        var outcomes = other._outcomes.ToArray();
        var errorTypes = other._errorTypes.ToArray();
        var cacheLevels = other._cacheLevels.ToArray();
        foreach (var (outcome, count) in outcomes)
            Increment(_outcomes, outcome, count);
        foreach (var (errorType, count) in errorTypes)
            Increment(_errorTypes, errorType, count);
        foreach (var (level, count) in cacheLevels)
            Increment(_cacheLevels, level, count);

        Count += other.Count;
        InputTokens += other.InputTokens;
        OutputTokens += other.OutputTokens;
        CostUsd += other.CostUsd;
        SavedTokens += other.SavedTokens;
        SavedCostUsd += other.SavedCostUsd;
        Retries += other.Retries;
        Fallbacks += other.Fallbacks;
        FeedbackQuality = FeedbackQuality.Plus(other.FeedbackQuality);
        AutomatedQuality = AutomatedQuality.Plus(other.AutomatedQuality);
        QualityScores.Merge(other.QualityScores);
        return this;
    }

    /// <summary>
    /// Share of executions that failed (output rejected or provider failed). Cancellations are left
    /// out of both sides: the caller gave up, which says nothing about the version or the model.
    /// Null when nothing counts.
    /// </summary>
    public double? ErrorRate()
    {
        var considered = Count - CountOf(ExecutionOutcome.Cancelled);
        if (considered <= 0)
            return null;
        return (double)(CountOf(ExecutionOutcome.OutputRejected) + CountOf(ExecutionOutcome.ProviderFailed)) / considered;
    }

    /// <summary>Share of executions served from the exact or semantic cache; null when empty.</summary>
    /// <summary>Share of executions answered without a provider call of their own (cache hits and coalesced requests).</summary>
    public double? CacheHitRate() =>
        Count == 0 ? null : (double)(CountOf(CacheLevel.Exact) + CountOf(CacheLevel.Semantic) + CountOf(CacheLevel.Coalesced)) / Count;

    /// <summary>Share of executions a fallback model answered; null when empty.</summary>
    public double? FallbackRate() => Count == 0 ? null : (double)Fallbacks / Count;

    public double? AverageQuality(QualitySource source) =>
        source == QualitySource.Feedback ? FeedbackQuality.Average : AutomatedQuality.Average;

    /// <summary>Mean cost per execution in US dollars; null when empty.</summary>
    public decimal? AverageCostUsd() => Count == 0 ? null : CostUsd / Count;

    /// <summary>The persisted form: enum keys by name so stored rollups survive enum reordering.</summary>
    public ExecutionStatsSnapshot ToSnapshot() => new(
        Count,
        _outcomes.ToDictionary(entry => entry.Key.ToString(), entry => entry.Value, StringComparer.Ordinal),
        new Dictionary<string, long>(_errorTypes, StringComparer.Ordinal),
        _cacheLevels.ToDictionary(entry => entry.Key.ToString(), entry => entry.Value, StringComparer.Ordinal),
        LatencyMs.ToSnapshot(),
        InputTokens,
        OutputTokens,
        CostUsd,
        Retries,
        Fallbacks,
        FeedbackQuality.Sum,
        FeedbackQuality.Count,
        AutomatedQuality.Sum,
        AutomatedQuality.Count,
        QualityScores.ToSnapshot())
    {
        SavedTokens = SavedTokens,
        SavedCostUsd = SavedCostUsd,
    };

    /// <summary>Rebuilds an aggregate, refusing snapshots that are inconsistent or name unknown outcomes or cache levels.</summary>
    public static Result<ExecutionStats> FromSnapshot(ExecutionStatsSnapshot snapshot)
    {
        // Deserialized snapshots can lack members the type declares non-null.
        if (snapshot.Latency is null)
            return InvalidSnapshot("latency", "The latency histogram is missing.");

        var latency = LogHistogram.FromSnapshot(snapshot.Latency);
        if (!latency.IsSuccess)
            return latency.Error!;

        var stats = new ExecutionStats(latency.Value);
        foreach (var (name, count) in snapshot.Outcomes ?? new Dictionary<string, long>())
        {
            if (!Enum.TryParse<ExecutionOutcome>(name, out var outcome) || count < 0)
                return InvalidSnapshot("outcomes", $"Unknown outcome '{name}' or negative count {count}.");
            stats._outcomes[outcome] = count;
        }

        foreach (var (name, count) in snapshot.CacheLevels ?? new Dictionary<string, long>())
        {
            if (!Enum.TryParse<CacheLevel>(name, out var level) || count < 0)
                return InvalidSnapshot("cacheLevels", $"Unknown cache level '{name}' or negative count {count}.");
            stats._cacheLevels[level] = count;
        }

        foreach (var (errorType, count) in snapshot.ErrorTypes ?? new Dictionary<string, long>())
        {
            if (count < 0)
                return InvalidSnapshot("errorTypes", $"Error type '{errorType}' has a negative count.");
            stats._errorTypes[errorType] = count;
        }

        if (snapshot.Count != latency.Value.Count || stats._outcomes.Values.Sum() != snapshot.Count)
            return InvalidSnapshot("count", $"The count {snapshot.Count} disagrees with the outcomes or the latency histogram.");

        stats.Count = snapshot.Count;
        stats.InputTokens = snapshot.InputTokens;
        stats.OutputTokens = snapshot.OutputTokens;
        stats.CostUsd = snapshot.CostUsd;
        stats.Retries = snapshot.Retries;
        stats.SavedTokens = snapshot.SavedTokens;
        stats.SavedCostUsd = snapshot.SavedCostUsd;
        stats.Fallbacks = snapshot.Fallbacks;
        stats.FeedbackQuality = new QualityTally(snapshot.FeedbackSum, snapshot.FeedbackCount);
        stats.AutomatedQuality = new QualityTally(snapshot.AutomatedSum, snapshot.AutomatedCount);

        // Absent from rollups written before the bins existed: those load with no binned scores.
        var qualityScores = QualityScoreBins.FromSnapshot(snapshot.QualityBins);
        if (!qualityScores.IsSuccess)
            return qualityScores.Error!;
        if (qualityScores.Value.Total > snapshot.FeedbackCount + snapshot.AutomatedCount)
            return InvalidSnapshot("qualityBins", $"The quality bins hold {qualityScores.Value.Total} scores but the tallies only {snapshot.FeedbackCount + snapshot.AutomatedCount}.");
        stats.QualityScores = qualityScores.Value;
        return stats;
    }

    private static Error InvalidSnapshot(string field, string message) =>
        Error.Validation("invalid-stats-snapshot", "The execution statistics snapshot is inconsistent.", [new FieldError(field, message)]);

    private static void Increment<TKey>(Dictionary<TKey, long> counts, TKey key, long by)
        where TKey : notnull =>
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += by;
}

/// <summary>
/// The persisted form of <see cref="ExecutionStats"/>. <see cref="QualityBins"/> is optional so rollups written
/// before it existed still load.
/// </summary>
public sealed record ExecutionStatsSnapshot(
    long Count,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyDictionary<string, long> ErrorTypes,
    IReadOnlyDictionary<string, long> CacheLevels,
    LogHistogramSnapshot Latency,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    long Retries,
    long Fallbacks,
    double FeedbackSum,
    long FeedbackCount,
    double AutomatedSum,
    long AutomatedCount,
    IReadOnlyList<QualityBin>? QualityBins = null)
{
    /// <summary>Absent (0) in rollups written before the cache recorded savings.</summary>
    public long SavedTokens { get; init; }

    public decimal SavedCostUsd { get; init; }
}
