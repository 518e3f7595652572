using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Domain.Experiments.Statistics;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// Reads a canary's execution records (route kind <c>canary</c>, route id the canary key, route arm
/// <c>candidate</c> or <c>baseline</c>) from the database, so the traffic of every instance counts. Totals are
/// one GROUP BY arm with counts, sums and sums of squares; the p95 needs single latencies, so the latest
/// <see cref="MaxLatencySample"/> of the arm in the window are loaded as well.
/// </summary>
public sealed class CanaryRecordsReader(IDbContextFactory<PromptConsoleDbContext> dbFactory)
{
    /// <summary>Bounds the memory of one analysis; beyond it the p95 covers the latest executions of the window.</summary>
    public const int MaxLatencySample = 50_000;

    /// <summary>Bounds the chart series: beyond it the first minutes are left out.</summary>
    public const int MaxSeriesRows = 200_000;

    /// <summary>One arm over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<ArmWindow> WindowAsync(string canaryKey, string arm, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var inWindow = Of(db, canaryKey).Where(e => e.RouteArm == arm && e.StartedAt >= from && e.StartedAt < to);
        var totals = await inWindow
            .GroupBy(e => e.RouteArm)
            .Select(g => new
            {
                Executions = g.LongCount(),
                Failed = g.Sum(e => e.Outcome == ExecutionOutcome.ProviderFailed || e.Outcome == ExecutionOutcome.Cancelled ? 1L : 0L),
                Answered = g.Sum(e => e.Outcome == ExecutionOutcome.Success || e.Outcome == ExecutionOutcome.OutputRejected ? 1L : 0L),
                CheckFailed = g.Sum(e => e.Outcome == ExecutionOutcome.OutputRejected ? 1L : 0L),
                LatencySum = g.Sum(e => e.LatencyMs),
                LatencySquares = g.Sum(e => e.LatencyMs * e.LatencyMs),
                CostSum = g.Sum(e => (double)e.CostUsd),
                CostSquares = g.Sum(e => (double)e.CostUsd * (double)e.CostUsd),
                FeedbackCount = g.Sum(e => e.FeedbackScore != null ? 1L : 0L),
                FeedbackSum = g.Sum(e => (double)(e.FeedbackScore ?? 0)),
                FeedbackSquares = g.Sum(e => (double)(e.FeedbackScore ?? 0) * (e.FeedbackScore ?? 0)),
                ScoreCount = g.Sum(e => e.AutomatedScore != null ? 1L : 0L),
                ScoreSum = g.Sum(e => e.AutomatedScore ?? 0),
                ScoreSquares = g.Sum(e => (e.AutomatedScore ?? 0) * (e.AutomatedScore ?? 0)),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (totals is null || totals.Executions == 0)
            return ArmWindow.Empty;

        var latencies = await inWindow
            .OrderByDescending(e => e.StartedAt)
            .Take(MaxLatencySample)
            .Select(e => e.LatencyMs)
            .ToListAsync(cancellationToken);

        return new ArmWindow(
            totals.Executions,
            totals.Failed,
            totals.Answered,
            totals.CheckFailed,
            Percentile(latencies, 0.95),
            SampleSummary.FromSums(totals.Executions, totals.LatencySum, totals.LatencySquares),
            SampleSummary.FromSums(totals.Executions, totals.CostSum, totals.CostSquares),
            SampleSummary.FromSums(totals.FeedbackCount, totals.FeedbackSum, totals.FeedbackSquares),
            SampleSummary.FromSums(totals.ScoreCount, totals.ScoreSum, totals.ScoreSquares));
    }

    /// <summary>Per minute and arm since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<CanaryArmPoint>> SeriesAsync(string canaryKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        since = since.ToUniversalTime();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Of(db, canaryKey)
            .Where(e => e.StartedAt >= since)
            .OrderByDescending(e => e.StartedAt)
            .Take(MaxSeriesRows)
            .Select(e => new { e.StartedAt, e.RouteArm, e.Outcome, e.LatencyMs, Cost = (double)e.CostUsd })
            .ToListAsync(cancellationToken);

        return rows
            .Where(r => r.RouteArm is not null)
            .GroupBy(r => (Minute: new DateTimeOffset(r.StartedAt.UtcTicks - r.StartedAt.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero), Arm: r.RouteArm!))
            .OrderBy(g => g.Key.Minute).ThenBy(g => g.Key.Arm, StringComparer.Ordinal)
            .Select(g =>
            {
                var executions = g.LongCount();
                var failed = g.LongCount(r => r.Outcome is ExecutionOutcome.ProviderFailed or ExecutionOutcome.Cancelled);
                return new CanaryArmPoint(
                    g.Key.Minute,
                    g.Key.Arm,
                    executions,
                    (double)failed / executions,
                    Percentile(g.Select(r => r.LatencyMs).ToList(), 0.95),
                    g.Average(r => r.Cost));
            })
            .ToArray();
    }

    /// <summary>Nearest-rank percentile; null without values.</summary>
    public static double? Percentile(List<double> values, double quantile)
    {
        if (values.Count == 0)
            return null;
        values.Sort();
        var rank = (int)Math.Ceiling(quantile * values.Count);
        return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
    }

    private static IQueryable<ExecutionRecord> Of(PromptConsoleDbContext db, string canaryKey) =>
        db.Executions.AsNoTracking().Where(e => e.RouteKind == RouteKindNames.Canary && e.RouteId == canaryKey);
}
