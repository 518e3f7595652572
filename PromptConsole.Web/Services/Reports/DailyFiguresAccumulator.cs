using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Reports;

namespace PromptConsole.Web.Services.Reports;

/// <summary>The columns of one execution record the daily report reads (never the captured text).</summary>
public sealed record DailyExecutionRow(
    string PromptKey,
    ExecutionOutcome Outcome,
    string? ErrorType,
    CacheLevel Cache,
    string Model,
    double LatencyMs,
    int InputTokens,
    int OutputTokens,
    decimal CostUsd,
    int? FeedbackScore,
    double? AutomatedScore);

/// <summary>
/// Sums one day of executions (of one prompt or of all) into <see cref="DailyFigures"/> in one pass and constant
/// memory. Rows must arrive in ascending latency order and <c>count</c> must be known beforehand: the percentiles are
/// exact (nearest rank, <see cref="NearestRank"/>) and read off the ordered stream, not estimated from a histogram.
/// <para>
/// An error is any execution that did not succeed (output rejected, provider failed, cancelled), counted by its error
/// type (the outcome's name where a record has none). Cache savings: nothing records what a cached answer saved, so it
/// is priced here — the cached record's tokens at its model's catalog price (<paramref name="priceOf"/>), minus what the
/// record itself cost; a model no longer in the catalog cannot be priced and saves 0.
/// </para>
/// </summary>
public sealed class DailyFiguresAccumulator(long count, Func<string, ModelPrice?> priceOf)
{
    private readonly SortedStreamPercentiles _latency = new(count);
    private readonly SortedDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _executions;
    private decimal _cost;
    private long _inputTokens;
    private long _outputTokens;
    private long _cacheHits;
    private decimal _cacheSavings;
    private long _feedbackCount;
    private long _feedbackSum;
    private long _automatedCount;
    private double _automatedSum;

    public void Add(DailyExecutionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_executions == count)
            throw new DayChangedWhileReadException($"More than the {count} executions counted arrived.");
        _latency.Add(row.LatencyMs);
        _executions++;
        if (row.Outcome != ExecutionOutcome.Success)
        {
            var type = ErrorTypeOf(row);
            _errors[type] = _errors.GetValueOrDefault(type) + 1;
        }

        _cost += row.CostUsd;
        _inputTokens += row.InputTokens;
        _outputTokens += row.OutputTokens;
        if (row.Cache != CacheLevel.Miss)
        {
            _cacheHits++;
            _cacheSavings += SavingOf(row, priceOf);
        }

        if (row.FeedbackScore is { } feedback)
        {
            _feedbackCount++;
            _feedbackSum += feedback;
        }

        if (row.AutomatedScore is { } score)
        {
            _automatedCount++;
            _automatedSum += score;
        }
    }

    public DailyFigures ToFigures()
    {
        if (_executions != count)
            throw new DayChangedWhileReadException($"{count} executions were counted but {_executions} arrived.");
        var errors = _errors.Values.Sum();
        return new DailyFigures(
            _executions,
            new SortedDictionary<string, long>(_errors, StringComparer.Ordinal),
            _executions == 0 ? null : errors / (double)_executions,
            _latency.P50,
            _latency.P95,
            _latency.P99,
            _cost,
            _executions == 0 ? null : Math.Round(_cost / _executions, 8, MidpointRounding.AwayFromZero),
            _inputTokens,
            _outputTokens,
            _cacheHits,
            _cacheSavings,
            _feedbackCount,
            _feedbackCount == 0 ? null : _feedbackSum / (double)_feedbackCount,
            _automatedCount,
            _automatedCount == 0 ? null : _automatedSum / _automatedCount);
    }

    public static DailyFigures Empty { get; } = new DailyFiguresAccumulator(0, _ => null).ToFigures();

    public static string ErrorTypeOf(DailyExecutionRow row) => string.IsNullOrEmpty(row.ErrorType) ? OutcomeName(row.Outcome) : row.ErrorType;

    /// <summary>What the cached answer would have cost from the model (catalog price × the record's tokens) minus what it did cost.</summary>
    public static decimal SavingOf(DailyExecutionRow row, Func<string, ModelPrice?> priceOf)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(priceOf);
        if (row.Cache == CacheLevel.Miss || priceOf(row.Model) is not { } price)
            return 0m;
        return Math.Max(0m, price.Cost(row.InputTokens, row.OutputTokens) - row.CostUsd);
    }

    private static string OutcomeName(ExecutionOutcome outcome) => outcome switch
    {
        ExecutionOutcome.OutputRejected => "output_rejected",
        ExecutionOutcome.ProviderFailed => "provider_error",
        ExecutionOutcome.Cancelled => "cancelled",
        _ => "success",
    };
}
