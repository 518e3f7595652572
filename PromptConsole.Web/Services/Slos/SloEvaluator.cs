using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Metrics;
using PromptConsole.Domain.Slos;
using PromptConsole.Web.Infrastructure.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Slos;

/// <summary>
/// An SLO's state now, from the metrics store (rollups merged over every instance; windows up to the live span from
/// the per-second memory): the budget over the period, the burn rate over each of the period's burn windows and what
/// <see cref="BurnRateAlertPolicy"/> makes of them. Alerts are not its business (see <see cref="ISloEvaluator"/>).
/// </summary>
public sealed class SloEvaluator(IDbContextFactory<PromptConsoleDbContext> dbFactory, IMetricsStore metrics, TimeProvider time) : ISloEvaluator
{
    /// <summary>Burn charts have about this many points, whatever their range.</summary>
    public const int ChartPoints = 96;

    public async Task<IReadOnlyList<SloStatusView>> EvaluateAllAsync(CancellationToken cancellationToken = default)
    {
        var statuses = new List<SloStatusView>();
        foreach (var slo in await LoadAllAsync(cancellationToken))
            statuses.Add(await EvaluateAsync(slo, cancellationToken));
        return statuses;
    }

    /// <summary>Every stored SLO, by name.</summary>
    public async Task<IReadOnlyList<SloDefinition>> LoadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Slos.AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(r => r.ToDefinition()).OfType<SloDefinition>()
            .OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id).ToArray();
    }

    public async Task<SloStatusView> EvaluateAsync(SloDefinition slo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slo);
        var now = time.GetUtcNow();
        var filter = Filter(slo);
        var period = SloEvents.Of(slo, (await metrics.QueryAsync(slo.Period, filter, cancellationToken)).Total);

        var burnRates = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var window in BurnWindows.For(slo.Period))
        {
            var events = SloEvents.Of(slo, (await metrics.QueryAsync(window.Duration, filter, cancellationToken)).Total);
            burnRates[window.Name] = ErrorBudget.BurnRate(events.Events, events.BadEvents, slo.Objective);
        }

        var burning = BurnRateAlertPolicy.Decide(burnRates);
        return new SloStatusView(
            slo.Id,
            slo.Name,
            slo.PromptKey,
            SloIndicatorNames.Of(slo.Indicator),
            slo.ObjectivePercent,
            slo.PeriodDays,
            ErrorBudget.Remaining(period.Events, period.BadEvents, slo.Objective),
            period.Sli,
            period.Events,
            period.BadEvents,
            burnRates,
            burning is null ? null : AlertSeverityNames.Of(burning.Severity),
            burning?.Reason,
            [],
            now);
    }

    /// <summary>
    /// The burn rate of each window and the budget remaining as they were at about <see cref="ChartPoints"/> moments
    /// over the last <paramref name="range"/>. Each window is summed from the store's points of one query reaching
    /// back the range plus the window, so a window shorter than those points' resolution is read as the one point
    /// holding its end: a chart, not the alerting figures (<see cref="EvaluateAsync"/> gives those).
    /// </summary>
    public async Task<IReadOnlyList<SloBurnPoint>> BurnSeriesAsync(SloDefinition slo, TimeSpan range, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slo);
        if (range <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(range), range, "A range must be positive.");

        var now = time.GetUtcNow();
        var step = TimeSpan.FromTicks(Math.Max(range.Ticks / ChartPoints, Math.Min(range.Ticks, TimeSpan.TicksPerMinute)));
        var moments = new List<DateTimeOffset>();
        for (var at = now; at > now - range; at -= step)
            moments.Add(at);
        moments.Reverse();

        var filter = Filter(slo);
        var burnSeries = new Dictionary<string, double?[]>(StringComparer.Ordinal);
        foreach (var window in BurnWindows.For(slo.Period))
        {
            var rolling = await RollingAsync(slo, window.Duration, range, moments, filter, cancellationToken);
            burnSeries[window.Name] = rolling.Select(e => ErrorBudget.BurnRate(e.Events, e.BadEvents, slo.Objective)).ToArray();
        }

        var period = await RollingAsync(slo, slo.Period, range, moments, filter, cancellationToken);
        return moments.Select((at, i) => new SloBurnPoint(
                at,
                burnSeries.ToDictionary(entry => entry.Key, entry => entry.Value[i], StringComparer.Ordinal),
                ErrorBudget.Remaining(period[i].Events, period[i].BadEvents, slo.Objective)))
            .ToArray();
    }

    /// <summary>The SLO's events over the <paramref name="window"/> ending at each moment.</summary>
    private async Task<SloEvents[]> RollingAsync(
        SloDefinition slo, TimeSpan window, TimeSpan range, IReadOnlyList<DateTimeOffset> moments, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var answer = await metrics.QueryAsync(range + window, filter, cancellationToken);
        var points = answer.Points.Select(p => (p.Start, Events: SloEvents.Of(slo, p.Stats))).ToArray();
        var resolution = answer.Resolution;
        return moments.Select(at =>
        {
            // Points overlapping (at − window, at]: at least the one holding the window's end.
            long events = 0, bad = 0;
            foreach (var (start, counted) in points)
            {
                if (start <= at && start + resolution > at - window)
                {
                    events += counted.Events;
                    bad += counted.BadEvents;
                }
            }

            return new SloEvents(events, bad);
        }).ToArray();
    }

    private static MetricsFilter Filter(SloDefinition slo) => new(slo.PromptKey);
}
