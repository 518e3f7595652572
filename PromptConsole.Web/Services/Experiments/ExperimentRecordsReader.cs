using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Experiments;

/// <summary>
/// Reads an experiment's execution records (route kind <c>experiment</c>, route id the experiment key,
/// route arm the arm name) from the database, so the traffic of every instance counts. Totals are one
/// GROUP BY arm with counts, sums and sums of squares; the p95 and the timeline need single executions,
/// so the latest <see cref="MaxSamplePerArm"/> of each arm are loaded as well.
/// </summary>
public sealed class ExperimentRecordsReader(IDbContextFactory<PromptConsoleDbContext> dbFactory)
{
    public const string RouteKind = "experiment";

    /// <summary>Bounds the memory of one results request; beyond it the p95 and the timeline cover the latest executions only.</summary>
    public const int MaxSamplePerArm = 100_000;

    public async Task<IReadOnlyDictionary<string, ArmTotals>> TotalsAsync(string experimentKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Of(db, experimentKey)
            .GroupBy(e => e.RouteArm)
            .Select(g => new
            {
                Arm = g.Key,
                Executions = g.LongCount(),
                Answered = g.Sum(e => e.Outcome == ExecutionOutcome.Success || e.Outcome == ExecutionOutcome.OutputRejected ? 1L : 0L),
                Passed = g.Sum(e => e.Outcome == ExecutionOutcome.Success ? 1L : 0L),
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
                First = g.Min(e => e.StartedAt),
                Last = g.Max(e => e.StartedAt),
            })
            .ToListAsync(cancellationToken);

        return rows
            .Where(r => r.Arm is not null)
            .ToDictionary(
                r => r.Arm!,
                r => new ArmTotals(
                    r.Executions,
                    r.Answered,
                    r.Passed,
                    new MeanSums(r.Executions, r.LatencySum, r.LatencySquares),
                    new MeanSums(r.Executions, r.CostSum, r.CostSquares),
                    new MeanSums(r.FeedbackCount, r.FeedbackSum, r.FeedbackSquares),
                    new MeanSums(r.ScoreCount, r.ScoreSum, r.ScoreSquares),
                    r.First,
                    r.Last),
                StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<ExperimentObservation>> SampleAsync(string experimentKey, IEnumerable<string> arms, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = new List<ExperimentObservation>();
        foreach (var arm in arms)
        {
            var rows = await Of(db, experimentKey)
                .Where(e => e.RouteArm == arm)
                .OrderByDescending(e => e.StartedAt)
                .Take(MaxSamplePerArm)
                .Select(e => new { e.StartedAt, e.Outcome, e.LatencyMs, Cost = (double)e.CostUsd, e.FeedbackScore, e.AutomatedScore })
                .ToListAsync(cancellationToken);
            sample.AddRange(rows.Select(r => new ExperimentObservation(
                arm,
                r.StartedAt,
                r.Outcome is ExecutionOutcome.Success or ExecutionOutcome.OutputRejected,
                r.Outcome == ExecutionOutcome.Success,
                r.LatencyMs,
                r.Cost,
                r.FeedbackScore,
                r.AutomatedScore)));
        }

        return sample;
    }

    /// <summary>
    /// Requests the experiment targeted but did not enrol, by reason. They were routed to the label, so they are found
    /// among the prompt's records (the prompt-and-time index narrows the scan) by the experiment they name.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> NotEnrolledAsync(string promptKey, string experimentKey, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Executions.AsNoTracking()
            .Where(e => e.PromptKey == promptKey && e.NotEnrolledExperiment == experimentKey)
            .GroupBy(e => e.NotEnrolledReason)
            .Select(g => new { Reason = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Reason ?? "unknown", r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>The prompt's executions a day over the last <paramref name="days"/> days, every route together.</summary>
    public async Task<double> ExecutionsPerDayAsync(string promptKey, DateTimeOffset now, int days, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = now.AddDays(-days);
        var count = await db.Executions.AsNoTracking().LongCountAsync(e => e.PromptKey == promptKey && e.StartedAt >= since, cancellationToken);
        return count / (double)days;
    }

    private static IQueryable<ExecutionRecord> Of(PromptConsoleDbContext db, string experimentKey) =>
        db.Executions.AsNoTracking().Where(e => e.RouteKind == RouteKind && e.RouteId == experimentKey);
}
