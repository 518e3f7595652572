using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Rollouts;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Rollouts;

/// <summary>
/// Automatic rollbacks with the safeguards (<see cref="RollbackSafeguards"/>), stored in <c>AutomaticRollbacks</c> and
/// audited as <c>system</c>. Requests for one prompt are serialised by a semaphore per prompt, so two triggers arriving
/// together (a canary failing while an alert fires) cannot both pass the interval check. That lock is per process:
/// with several instances the triggers should come from the one elected instance that runs the controllers, or two
/// instances could each let one through within the interval.
/// </summary>
public sealed partial class AutomaticRollbackService(
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    RollbackMetricsReader metrics,
    IOptions<RollbackOptions> options,
    TimeProvider time,
    ILogger<AutomaticRollbackService> logger) : IAutomaticRollbacks
{
    /// <summary>The actor of every automatic rollback and its watch.</summary>
    public const string SystemActor = "system";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public static string AuditTarget(string label) => "label:" + label;

    public async Task<AutomaticRollbackOutcome> TryRollBackAsync(
        AutomaticRollbackRequest request,
        Func<CancellationToken, Task<Error?>> moveTraffic,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(moveTraffic);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PromptKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Label);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Trigger);

        var gate = _gates.GetOrAdd(request.PromptKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var decision = await DecideAsync(request.PromptKey, now, cancellationToken);
            var move = $"{request.Label}: v{request.FromVersion} → v{request.ToVersion}";
            if (!decision.Allowed)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                db.AuditEvents.Add(new AuditEvent(
                    now, SystemActor, AuditActions.RollbackStoodDown, request.PromptKey, AuditTarget(request.Label),
                    $"automatic rollback {move} stood down ({request.Trigger}: {request.Reason})", decision.Reason));
                await db.SaveChangesAsync(cancellationToken);
                LogStoodDown(request.PromptKey, request.Label, request.Trigger, decision.Reason!);
                return new AutomaticRollbackOutcome(false, decision.Reason, null);
            }

            var settings = options.Value;
            var snapshot = await metrics.ReadAsync(request.PromptKey, request.FromVersion, now - settings.SnapshotWindow, now, cancellationToken);

            var moveError = await moveTraffic(cancellationToken);
            if (moveError is not null)
            {
                LogMoveFailed(request.PromptKey, request.Label, request.Trigger, moveError.Code, moveError.Message);
                return new AutomaticRollbackOutcome(false, $"the traffic could not be moved: {moveError.Message}", null);
            }

            var audit = new AuditEvent(
                now, SystemActor, AuditActions.RollbackAutomatic, request.PromptKey, AuditTarget(request.Label),
                $"{move} (automatic, {request.Trigger}); at rollback v{request.FromVersion}: {Describe(snapshot)}", request.Reason);
            var row = new AutomaticRollbackRow(audit.Id, request, now, snapshot);
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                db.AutomaticRollbacks.Add(row);
                db.AuditEvents.Add(audit);

                // The traffic has moved: record it even if the caller gives up now, or the safeguards would not count it.
                await db.SaveChangesAsync(CancellationToken.None);
            }

            LogPerformed(request.PromptKey, request.Label, request.FromVersion, request.ToVersion, request.Trigger);
            return new AutomaticRollbackOutcome(true, null, row.Id);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<AutomationStatus> GetStatusAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        var decision = await DecideAsync(promptKey, time.GetUtcNow(), cancellationToken);
        return new AutomationStatus(decision.Allowed, decision.Reason, decision.AvailableAgainAt, decision.RollbacksInLast24Hours);
    }

    public async Task<IReadOnlyList<AutomaticRollbackView>> ListAsync(string promptKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.AutomaticRollbacks.AsNoTracking().Where(r => r.PromptKey == promptKey).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Select(r => r.ToView()).ToArray();
    }

    public async Task<int> CheckRecoveriesAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var watchedSince = now - settings.RecoveryWatch;
        List<AutomaticRollbackRow> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.AutomaticRollbacks.AsNoTracking()
                .Where(r => r.Recovery == RecoveryAssessment.Watching && r.At <= watchedSince)
                .ToListAsync(cancellationToken);
        }

        var closed = 0;
        foreach (var row in due.OrderBy(r => r.At))
        {
            var after = await metrics.ReadAsync(row.PromptKey, row.ToVersion, row.At, row.At + settings.RecoveryWatch, cancellationToken);
            var verdict = RecoveryAssessment.Assess(
                new ErrorRateSample(row.AtRollback.Executions, row.AtRollback.ErrorRate),
                new ErrorRateSample(after.Executions, after.ErrorRate),
                settings.RecoveryErrorRateFloor);

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.AutomaticRollbacks.Attach(row);
            row.CloseWatch(verdict, after, now);
            db.AuditEvents.Add(new AuditEvent(
                now, SystemActor, AuditActions.RollbackRecoveryChecked, row.PromptKey, AuditTarget(row.Label),
                $"{row.Label} on v{row.ToVersion} after the automatic rollback from v{row.FromVersion}: {verdict.State}", verdict.Reason));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                closed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance's watcher closed it first; its verdict stands.
            }
        }

        return closed;
    }

    private async Task<SafeguardDecision> DecideAsync(string promptKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - RollbackSafeguards.Window;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var previous = await db.AutomaticRollbacks.AsNoTracking()
            .Where(r => r.PromptKey == promptKey && r.At > since)
            .Select(r => r.At)
            .ToListAsync(cancellationToken);
        return RollbackSafeguards.Decide(previous, now, options.Value.Limits);
    }

    /// <summary>The snapshot in a sentence for the audit trail.</summary>
    public static string Describe(RollbackMetricsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Executions == 0)
            return "no executions";
        var parts = new List<string>
        {
            $"{snapshot.Executions} execution{(snapshot.Executions == 1 ? string.Empty : "s")}",
            $"error rate {(snapshot.ErrorRate * 100).ToString("0.#", CultureInfo.InvariantCulture)} %",
        };
        if (snapshot.P95LatencyMs is { } p95)
            parts.Add($"p95 {p95.ToString("0", CultureInfo.InvariantCulture)} ms");
        return string.Join(", ", parts);
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "Automatic rollback of {PromptKey} {Label} v{FromVersion} → v{ToVersion} ({Trigger})")]
    private partial void LogPerformed(string promptKey, string label, int fromVersion, int toVersion, string trigger);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Automatic rollback of {PromptKey} {Label} ({Trigger}) stood down: {Reason}")]
    private partial void LogStoodDown(string promptKey, string label, string trigger, string reason);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Automatic rollback of {PromptKey} {Label} ({Trigger}) could not move the traffic: {Code} {Message}")]
    private partial void LogMoveFailed(string promptKey, string label, string trigger, string code, string message);
}
