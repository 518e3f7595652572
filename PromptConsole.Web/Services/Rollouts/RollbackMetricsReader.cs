using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// The figures of one version of a prompt over a time window, from the execution records in the database (every
/// instance's traffic counts, unlike the in-memory metrics store). An execution failed when the provider failed or it
/// was cancelled, as for the canary's error-rate gate; rejected outputs were answered and count as executions only.
/// </summary>
public sealed class RollbackMetricsReader(IDbContextFactory<PromptConsoleDbContext> dbFactory)
{
    /// <summary>Bounds one snapshot's memory; a window busier than this is measured on its latest executions.</summary>
    public const int MaxExecutions = 100_000;

    /// <summary>Executions started in (<paramref name="from"/>, <paramref name="to"/>].</summary>
    public async Task<RollbackMetricsSnapshot> ReadAsync(string promptKey, int version, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Executions.AsNoTracking()
            .Where(e => e.PromptKey == promptKey && e.PromptVersion == version && e.StartedAt > from && e.StartedAt <= to)
            .OrderByDescending(e => e.StartedAt)
            .Take(MaxExecutions)
            .Select(e => new { e.Outcome, e.LatencyMs, e.CostUsd, e.FeedbackScore, e.AutomatedScore })
            .ToListAsync(cancellationToken);

        if (rows.Count == 0)
            return new RollbackMetricsSnapshot(0, 0, null, null, null, null);

        var failed = rows.Count(r => r.Outcome is ExecutionOutcome.ProviderFailed or ExecutionOutcome.Cancelled);
        var latencies = rows.Select(r => r.LatencyMs).Order().ToArray();
        var feedback = rows.Where(r => r.FeedbackScore is not null).Select(r => (double)r.FeedbackScore!.Value).ToArray();
        var scores = rows.Where(r => r.AutomatedScore is not null).Select(r => r.AutomatedScore!.Value).ToArray();
        return new RollbackMetricsSnapshot(
            rows.Count,
            (double)failed / rows.Count,
            NearestRank(latencies, 0.95),
            (double)rows.Sum(r => r.CostUsd) / rows.Count,
            feedback.Length > 0 ? feedback.Average() : null,
            scores.Length > 0 ? scores.Average() : null);
    }

    /// <summary>The nearest-rank percentile of sorted values: the smallest value at or above that share of them.</summary>
    private static double NearestRank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
