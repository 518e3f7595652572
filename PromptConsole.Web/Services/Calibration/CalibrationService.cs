using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Calibration;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Calibration;

/// <summary>
/// Calibration from the execution records: the executions that started in the window and carry both a feedback score
/// and an automated score (with its evaluator). The summary per evaluator is one GROUP BY in the database (count, Σ delta,
/// Σ |delta|); the daily trend reads the pairs themselves (time, score, feedback: a few numbers each, and pairs need
/// people's feedback, so they are few next to the executions) and hands them to <see cref="CalibrationTrend"/>.
/// A record keeps its latest automated grade only, so a pair is that grade against that feedback.
/// </summary>
public sealed class CalibrationService(IDbContextFactory<PromptConsoleDbContext> contexts, TimeProvider time) : ICalibrationService
{
    public async Task<Result<PromptCalibration>> GetAsync(string promptKey, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promptKey);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Prompts.AsNoTracking().AnyAsync(p => p.Key == promptKey, cancellationToken))
            return Error.NotFound("prompt-not-found", $"There is no prompt '{promptKey}'.");

        var to = time.GetUtcNow();
        var from = to - window;
        var summaries = await SummariesAsync(db, promptKey, from, to, cancellationToken);
        var trends = await TrendsAsync(db, promptKey, from, to, cancellationToken);
        var evaluators = summaries
            .OrderBy(s => s.Key.Evaluator, StringComparer.Ordinal)
            .Select(s => new EvaluatorCalibration(
                s.Key.Evaluator,
                s.Value.Pairs,
                s.Value.MeanDelta,
                s.Value.MeanAbsoluteDelta,
                CalibrationStatus.Of(s.Value),
                trends.GetValueOrDefault(s.Key.Evaluator) ?? []))
            .ToArray();
        return new PromptCalibration(promptKey, from, to, evaluators);
    }

    /// <summary>Every prompt's calibration status over [<paramref name="from"/>, <paramref name="to"/>): the worst of its evaluators' (see <see cref="CalibrationStatus.Worst"/>).</summary>
    public async Task<IReadOnlyDictionary<string, string>> StatusesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var summaries = await SummariesAsync(db, null, from, to, cancellationToken);
        return summaries
            .GroupBy(s => s.Key.Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => CalibrationStatus.Worst(g.Select(s => CalibrationStatus.Of(s.Value)))!, StringComparer.Ordinal);
    }

    private static IQueryable<Domain.Execution.ExecutionRecord> Pairs(PromptConsoleDbContext db, string? promptKey, DateTimeOffset from, DateTimeOffset to)
    {
        // Npgsql compares timestamptz with UTC instants only; the same instant in UTC compares the same everywhere.
        var start = from.ToUniversalTime();
        var end = to.ToUniversalTime();
        var rows = db.Executions.AsNoTracking()
            .Where(e => e.StartedAt >= start && e.StartedAt < end && e.FeedbackScore != null && e.AutomatedScore != null);
        return promptKey is null ? rows : rows.Where(e => e.PromptKey == promptKey);
    }

    private static async Task<Dictionary<(string Prompt, string Evaluator), CalibrationSummary>> SummariesAsync(
        PromptConsoleDbContext db, string? promptKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = await Pairs(db, promptKey, from, to)
            .Select(e => new
            {
                e.PromptKey,
                Evaluator = e.AutomatedEvaluator ?? Domain.Execution.AutomatedScore.DefaultEvaluator,
                Delta = 1 + (4 * e.AutomatedScore!.Value) - e.FeedbackScore!.Value,
            })
            .GroupBy(p => new { p.PromptKey, p.Evaluator })
            .Select(g => new
            {
                g.Key.PromptKey,
                g.Key.Evaluator,
                Pairs = g.LongCount(),
                DeltaSum = g.Sum(p => p.Delta),
                AbsoluteDeltaSum = g.Sum(p => Math.Abs(p.Delta)),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.PromptKey, r.Evaluator), r => CalibrationSummary.FromSums(r.Pairs, r.DeltaSum, r.AbsoluteDeltaSum));
    }

    private static async Task<Dictionary<string, IReadOnlyList<CalibrationTrendPoint>>> TrendsAsync(
        PromptConsoleDbContext db, string promptKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var byEvaluator = new Dictionary<string, List<CalibrationPair>>(StringComparer.Ordinal);
        var stream = Pairs(db, promptKey, from, to)
            .Select(e => new { e.AutomatedEvaluator, e.StartedAt, Score = e.AutomatedScore!.Value, Feedback = e.FeedbackScore!.Value })
            .AsAsyncEnumerable();
        await foreach (var pair in stream.WithCancellation(cancellationToken))
        {
            var evaluator = pair.AutomatedEvaluator ?? Domain.Execution.AutomatedScore.DefaultEvaluator;
            if (!byEvaluator.TryGetValue(evaluator, out var pairs))
                byEvaluator[evaluator] = pairs = [];
            pairs.Add(new CalibrationPair(pair.StartedAt, pair.Score, pair.Feedback));
        }

        return byEvaluator.ToDictionary(
            e => e.Key,
            e => (IReadOnlyList<CalibrationTrendPoint>)CalibrationTrend.Daily(e.Value).Select(d => new CalibrationTrendPoint(d.Day, d.Pairs, d.MeanDelta)).ToArray(),
            StringComparer.Ordinal);
    }
}
