using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Alerts;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Slos;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Services.Alerts;

namespace PromptConsole.Web.Services.Slos;

/// <summary>
/// SLOs stored in the database, checked by <see cref="SloValidator"/>, every change audited (<c>slo.*</c>, on the
/// prompt's timeline when the SLO has one); statuses from <see cref="SloEvaluator"/> with the SLO's alerts not yet
/// resolved from the alert service.
/// </summary>
public sealed class SloService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    SloEvaluator evaluator,
    IAlertService alerts,
    TimeProvider time) : ISloService
{
    /// <summary>The burn chart reaches back at most the longest period an SLO has.</summary>
    public static readonly TimeSpan LongestBurnRange = TimeSpan.FromDays(30);

    public static string AuditTarget(Guid id) => "slo:" + id.ToString();

    public async Task<IReadOnlyList<SloView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Slos.AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(ToView).OfType<SloView>().OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Id).ToArray();
    }

    public async Task<Result<SloView>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Slos.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return row is not null && ToView(row) is { } view ? view : NotFound(id);
    }

    public async Task<Result<SloView>> CreateAsync(SloCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = time.GetUtcNow();
        var slo = SloValidator.Validate(Guid.CreateVersion7(now), Draft(command));
        if (!slo.IsSuccess)
            return slo.Error!;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await UnknownPromptAsync(db, slo.Value, cancellationToken) is { } unknown)
            return unknown;

        var row = new SloRow(slo.Value, now);
        db.Slos.Add(row);
        db.AuditEvents.Add(Audit(now, actor, AuditActions.SloCreated, slo.Value, Describe(slo.Value)));
        await db.SaveChangesAsync(cancellationToken);
        return ToView(row)!;
    }

    public async Task<Result<SloView>> UpdateAsync(Guid id, SloCommand command, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Slos.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (row is null)
            return NotFound(id);

        var slo = SloValidator.Validate(id, Draft(command));
        if (!slo.IsSuccess)
            return slo.Error!;
        if (await UnknownPromptAsync(db, slo.Value, cancellationToken) is { } unknown)
            return unknown;

        var before = row.ToDefinition();
        var now = time.GetUtcNow();
        row.Apply(slo.Value, now);
        var summary = before is null ? Describe(slo.Value) : $"{Describe(before)} → {Describe(slo.Value)}";
        db.AuditEvents.Add(Audit(now, actor, AuditActions.SloUpdated, slo.Value, summary));
        await db.SaveChangesAsync(cancellationToken);
        return ToView(row)!;
    }

    public async Task<Result<bool>> DeleteAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Slos.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (row is null)
            return NotFound(id);

        var now = time.GetUtcNow();
        db.Slos.Remove(row);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.SloDeleted, row.PromptKey, AuditTarget(id), $"SLO '{row.Name}' deleted", null));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<Result<SloStatusView>> GetStatusAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var slo = await LoadAsync(id, cancellationToken);
        if (!slo.IsSuccess)
            return slo.Error!;
        return await WithAlertsAsync(await evaluator.EvaluateAsync(slo.Value, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<SloStatusView>> ListStatusesAsync(CancellationToken cancellationToken = default)
    {
        var statuses = new List<SloStatusView>();
        foreach (var status in await evaluator.EvaluateAllAsync(cancellationToken))
            statuses.Add(await WithAlertsAsync(status, cancellationToken));
        return statuses;
    }

    public async Task<Result<IReadOnlyList<SloBurnPoint>>> GetBurnSeriesAsync(Guid id, TimeSpan range, CancellationToken cancellationToken = default)
    {
        if (range <= TimeSpan.Zero || range > LongestBurnRange)
        {
            return Error.Validation("invalid-range", $"A burn chart covers more than nothing and at most {LongestBurnRange.TotalDays:0} days.",
                [new FieldError("range", $"'{range}' is not between 1 second and {LongestBurnRange.TotalDays:0}d.")]);
        }

        var slo = await LoadAsync(id, cancellationToken);
        if (!slo.IsSuccess)
            return slo.Error!;
        return Result<IReadOnlyList<SloBurnPoint>>.Success(await evaluator.BurnSeriesAsync(slo.Value, range, cancellationToken));
    }

    public async Task<string> GetPrometheusRulesAsync(CancellationToken cancellationToken = default) =>
        SloPrometheusRules.Render(await evaluator.LoadAllAsync(cancellationToken));

    private async Task<Result<SloDefinition>> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Slos.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return row?.ToDefinition() is { } slo ? slo : NotFound(id);
    }

    /// <summary>The status with the SLO's alerts that are still firing or acknowledged.</summary>
    private async Task<SloStatusView> WithAlertsAsync(SloStatusView status, CancellationToken cancellationToken)
    {
        var resolved = AlertStatusNames.Of(AlertStatus.Resolved);
        var open = (await alerts.ListAlertsAsync(new AlertQuery(SloId: status.Id), cancellationToken))
            .Where(a => !string.Equals(a.Status, resolved, StringComparison.Ordinal))
            .ToArray();
        return status with { Alerts = open };
    }

    private static async Task<Error?> UnknownPromptAsync(PromptConsoleDbContext db, SloDefinition slo, CancellationToken cancellationToken)
    {
        if (slo.PromptKey is not { } key || await db.Prompts.AnyAsync(p => p.Key == key, cancellationToken))
            return null;
        return new Error(ErrorKind.NotFound, "prompt-not-found", $"There is no prompt '{key}'.",
            [new FieldError("prompt", $"There is no prompt '{key}'; leave it out (null) to cover every prompt.")]);
    }

    private static SloDraft Draft(SloCommand command) => new(
        command.Name,
        command.Prompt,
        command.Indicator,
        command.Objective,
        command.PeriodDays,
        command.LatencyThresholdMs,
        command.QualityThreshold);

    private static SloView? ToView(SloRow row) => row.ToDefinition() is { } slo
        ? new SloView(
            slo.Id,
            slo.Name,
            slo.PromptKey,
            SloIndicatorNames.Of(slo.Indicator),
            slo.ObjectivePercent,
            slo.PeriodDays,
            slo.LatencyThresholdMs,
            slo.QualityThreshold,
            row.CreatedAt,
            row.UpdatedAt)
        : null;

    private static AuditEvent Audit(DateTimeOffset now, string actor, string action, SloDefinition slo, string summary) =>
        new(now, actor, action, slo.PromptKey, AuditTarget(slo.Id), summary, null);

    /// <summary>e.g. <c>'Checkout answers' availability of summarize ≥ 99.5 % over 30 days</c>.</summary>
    public static string Describe(SloDefinition slo)
    {
        var what = slo.Indicator switch
        {
            SloIndicator.Latency => $"latency under {Number(slo.LatencyThresholdMs!.Value)} ms",
            SloIndicator.Quality => $"quality at or above {Number(slo.QualityThreshold!.Value)}",
            _ => "availability",
        };
        return $"'{slo.Name}' {what} of {slo.PromptKey ?? "every prompt"} ≥ {Number(slo.ObjectivePercent)} % over {slo.PeriodDays} days";
    }

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static Error NotFound(Guid id) => Error.NotFound("slo-not-found", $"There is no SLO {id}.");
}
