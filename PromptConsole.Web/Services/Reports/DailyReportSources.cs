using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Execution;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Web.Services.Reports;

/// <summary>One UTC day's figures and events, for all prompts together and for each prompt.</summary>
public sealed record DayInputs(
    DailyFigures Overall,
    IReadOnlyDictionary<string, DailyFigures> ByPrompt,
    DailyEvents OverallEvents,
    IReadOnlyDictionary<string, DailyEvents> EventsByPrompt);

/// <summary>
/// Reads one UTC day for the daily report from the database, whatever its size, without holding its records:
/// <list type="number">
/// <item>the executions per prompt (a GROUP BY count), then one stream of the day's records ordered by latency, of the
/// few columns the figures need, fed row by row into one <see cref="DailyFiguresAccumulator"/> per prompt and one for
/// all (each prompt's rows are in latency order too, so every percentile is exact). Should the count and the stream
/// disagree (a late record arrived in between), the day is read again; no transaction holds them together, since on
/// SQLite that would lock out the recorder for the length of the read;</item>
/// <item>the day's audit events by prompt and action (a GROUP BY count) for deploys, rollbacks, canaries and alerts;</item>
/// <item>the experiments live at some time of the day (started before its end, not stopped before its start).</item>
/// </list>
/// Every origin counts (applications, the console, demo traffic, golden runs), as on the dashboards.
/// </summary>
public sealed class DailyReportSources(IDbContextFactory<PromptConsoleDbContext> contexts, IModelCatalog catalog)
{
    private const int Attempts = 3;

    public static (DateTimeOffset From, DateTimeOffset To) DayRange(DateOnly day)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (from, from.AddDays(1));
    }

    public async Task<DayInputs> ReadAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var (figures, byPrompt) = await ReadFiguresAsync(day, cancellationToken);
        var (events, eventsByPrompt) = await ReadEventsAsync(day, cancellationToken);
        return new DayInputs(figures, byPrompt, events, eventsByPrompt);
    }

    private async Task<(DailyFigures, IReadOnlyDictionary<string, DailyFigures>)> ReadFiguresAsync(DateOnly day, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadFiguresOnceAsync(day, cancellationToken);
            }
            catch (DayChangedWhileReadException) when (attempt < Attempts)
            {
                // The count and the stream disagreed: records of the day were still arriving. Read it again.
            }
        }
    }

    private async Task<(DailyFigures, IReadOnlyDictionary<string, DailyFigures>)> ReadFiguresOnceAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var (from, to) = DayRange(day);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ofDay = db.Executions.AsNoTracking().Where(e => e.StartedAt >= from && e.StartedAt < to);

        var counts = await ofDay
            .GroupBy(e => e.PromptKey)
            .Select(g => new { Prompt = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(c => c.Prompt, c => c.Count, StringComparer.Ordinal, cancellationToken);
        var priceOf = (Func<string, ModelPrice?>)catalog.Find;
        var overall = new DailyFiguresAccumulator(counts.Values.Sum(), priceOf);
        var byPrompt = counts.ToDictionary(c => c.Key, c => new DailyFiguresAccumulator(c.Value, priceOf), StringComparer.Ordinal);

        var rows = ofDay
            .OrderBy(e => e.LatencyMs).ThenBy(e => e.Id)
            .Select(e => new DailyExecutionRow(
                e.PromptKey, e.Outcome, e.ErrorType, e.Cache, e.Model, e.LatencyMs,
                e.InputTokens, e.OutputTokens, e.CostUsd, e.FeedbackScore, e.AutomatedScore))
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (!byPrompt.TryGetValue(row.PromptKey, out var prompt))
                throw new DayChangedWhileReadException($"An execution of '{row.PromptKey}' arrived that the count did not see.");
            overall.Add(row);
            prompt.Add(row);
        }

        return (overall.ToFigures(), byPrompt.ToDictionary(p => p.Key, p => p.Value.ToFigures(), StringComparer.Ordinal));
    }

    private static readonly string[] CountedActions =
    [
        AuditActions.LabelDeployed,
        AuditActions.LabelRolledBack,
        AuditActions.RollbackAutomatic,
        AuditActions.CanaryStarted,
        AuditActions.CanaryPromoted,
        AuditActions.CanaryAborted,
        AuditActions.AlertFired,
    ];

    private async Task<(DailyEvents, IReadOnlyDictionary<string, DailyEvents>)> ReadEventsAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var (from, to) = DayRange(day);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actions = await db.AuditEvents.AsNoTracking()
            .Where(a => a.At >= from && a.At < to && CountedActions.Contains(a.Action))
            .GroupBy(a => new { a.PromptKey, a.Action })
            .Select(g => new AuditCount(g.Key.PromptKey, g.Key.Action, g.Count()))
            .ToListAsync(cancellationToken);
        var experiments = await db.Experiments.AsNoTracking()
            .Where(e => e.StartedAt != null && e.StartedAt < to && (e.StoppedAt == null || e.StoppedAt >= from))
            .GroupBy(e => e.PromptKey)
            .Select(g => new { Prompt = g.Key, Count = g.Count() })
            .ToDictionaryAsync(e => e.Prompt, e => e.Count, StringComparer.Ordinal, cancellationToken);

        var prompts = actions.Where(a => a.Prompt is not null).Select(a => a.Prompt!).Concat(experiments.Keys).Distinct(StringComparer.Ordinal);
        var byPrompt = prompts.ToDictionary(
            p => p,
            p => EventsOf(actions.Where(a => a.Prompt == p), experiments.GetValueOrDefault(p)),
            StringComparer.Ordinal);
        return (EventsOf(actions, experiments.Values.Sum()), byPrompt);
    }

    public static DailyEvents NoEvents { get; } = new(0, 0, 0, 0, 0, 0, 0);

    private sealed record AuditCount(string? Prompt, string Action, int Count);

    /// <summary>
    /// Rollbacks count every label rollback, a person's or automation's; automatic rollbacks are the share automation
    /// did. A canary ends promoted or aborted (rolled back by its analysis counts as aborted in the audit trail).
    /// </summary>
    private static DailyEvents EventsOf(IEnumerable<AuditCount> counts, int experimentsRunning)
    {
        var of = counts.GroupBy(c => c.Action).ToDictionary(g => g.Key, g => g.Sum(c => c.Count), StringComparer.Ordinal);
        return new DailyEvents(
            of.GetValueOrDefault(AuditActions.LabelDeployed),
            of.GetValueOrDefault(AuditActions.LabelRolledBack),
            of.GetValueOrDefault(AuditActions.RollbackAutomatic),
            of.GetValueOrDefault(AuditActions.CanaryStarted),
            of.GetValueOrDefault(AuditActions.CanaryPromoted) + of.GetValueOrDefault(AuditActions.CanaryAborted),
            experimentsRunning,
            of.GetValueOrDefault(AuditActions.AlertFired));
    }
}
