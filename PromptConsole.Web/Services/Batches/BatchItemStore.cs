using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Batches;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Batches;

/// <summary>An item's result as the runner stores it.</summary>
public sealed record BatchItemOutcome(
    BatchItemStatus Status,
    string? Output,
    string? ErrorType,
    string? ErrorMessage,
    Guid? ExecutionId,
    string? Model,
    int InputTokens,
    int OutputTokens,
    decimal CostUsd,
    double? LatencyMs);

/// <summary>An item this instance holds the lease of; <see cref="LeaseToken"/> proves it when the result is stored.</summary>
public sealed record ClaimedBatchItem(Guid Id, int Index, string? Subject, string VariablesJson, int Attempts, string LeaseToken);

/// <summary>A job deleted at the end of its retention period.</summary>
public sealed record ExpiredBatchJob(Guid Id, string PromptKey);

/// <summary>
/// The database side of running batch jobs, safe with several instances: items are claimed by a conditional update
/// that writes a lease (only items nobody holds, or whose holder's lease ran out), and a result is stored only by
/// the lease's holder. A job finishes when its last pending item does.
/// </summary>
public sealed class BatchItemStore(IDbContextFactory<PromptConsoleDbContext> dbFactory, IOptions<BatchOptions> options, TimeProvider time)
{
    private const int ClaimRetries = 5;

    private static readonly string Pending = BatchNames.Of(BatchItemStatus.Pending);
    private static readonly string Queued = BatchNames.Of(BatchStatus.Queued);
    private static readonly string Running = BatchNames.Of(BatchStatus.Running);
    private static readonly string Completed = BatchNames.Of(BatchStatus.Completed);

    /// <summary>This process's name in leases (several hosts in one test process each get their own).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..12];

    public async Task<IReadOnlyList<BatchJobRow>> ActiveJobsAsync(BatchMode mode, CancellationToken cancellationToken)
    {
        var name = BatchNames.Of(mode);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.AsNoTracking()
            .Where(j => j.Mode == name && (j.Status == Queued || j.Status == Running))
            .OrderBy(j => j.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    public async Task<int> CountRunningAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.CountAsync(j => j.Status == Running, cancellationToken);
    }

    /// <summary>Up to <paramref name="count"/> pending items of the job, lowest index first, leased to this instance.</summary>
    public async Task<IReadOnlyList<ClaimedBatchItem>> ClaimAsync(Guid jobId, int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        for (var attempt = 0; attempt < ClaimRetries; attempt++)
        {
            var now = time.GetUtcNow();
            var candidates = await db.BatchItems.AsNoTracking()
                .Where(i => i.JobId == jobId && i.Status == Pending && (i.LeaseExpiresAt == null || i.LeaseExpiresAt < now))
                .OrderBy(i => i.Index)
                .Select(i => i.Id)
                .Take(count)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
                return [];

            // The same condition again inside the update: of two instances racing for an item, one update changes it.
            // Not cancelled by stopping: a cancel that arrived after the server committed would hide taken leases.
            var token = $"{InstanceId}:{Guid.NewGuid():N}";
            var until = now + options.Value.LeaseDuration;
            var claimed = await db.BatchItems
                .Where(i => candidates.Contains(i.Id) && i.Status == Pending && (i.LeaseExpiresAt == null || i.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.LeaseOwner, token)
                    .SetProperty(i => i.LeaseExpiresAt, until)
                    .SetProperty(i => i.Attempts, i => i.Attempts + 1)
                    .SetProperty(i => i.StartedAt, now), CancellationToken.None);
            if (claimed == 0)
                continue;

            // The lease is taken: read what was claimed even when stopping, so the caller can run or give back every
            // item (a lost answer here would leave them leased to no one until the lease ran out).
            return await db.BatchItems.AsNoTracking()
                .Where(i => i.LeaseOwner == token)
                .OrderBy(i => i.Index)
                .Select(i => new ClaimedBatchItem(i.Id, i.Index, i.Subject, i.VariablesJson, i.Attempts, token))
                .ToListAsync(CancellationToken.None);
        }

        return [];
    }

    /// <summary>Queued → running at the first claim.</summary>
    public async Task<bool> MarkStartedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BatchJobs.Where(j => j.Id == jobId && j.Status == Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, Running).SetProperty(j => j.StartedAt, now), cancellationToken) == 1;
    }

    /// <summary>Stores the result if this instance still holds the lease; false when another instance took the item over.</summary>
    public async Task<bool> CompleteAsync(Guid itemId, string leaseToken, BatchItemOutcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BatchItems.Where(i => i.Id == itemId && i.LeaseOwner == leaseToken && i.Status == Pending)
            .ExecuteUpdateAsync(s => SetResult(s, outcome, now), cancellationToken) == 1;
    }

    /// <summary>Stores the result of a pending item that is not leased item by item (provider-batch jobs hold a lease on the job instead).</summary>
    public async Task SetResultAsync(Guid itemId, BatchItemOutcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.BatchItems.Where(i => i.Id == itemId && i.Status == Pending)
            .ExecuteUpdateAsync(s => SetResult(s, outcome, now), cancellationToken);
    }

    /// <summary>One item's result, finished now and no longer leased (a start time is kept, or taken as now).</summary>
    private static void SetResult(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<BatchItemRow> item, BatchItemOutcome outcome, DateTimeOffset now) => item
        .SetProperty(i => i.Status, BatchNames.Of(outcome.Status))
        .SetProperty(i => i.Output, outcome.Output)
        .SetProperty(i => i.ErrorType, outcome.ErrorType)
        .SetProperty(i => i.ErrorMessage, Cut(outcome.ErrorMessage, 2000))
        .SetProperty(i => i.ExecutionId, outcome.ExecutionId)
        .SetProperty(i => i.Model, outcome.Model)
        .SetProperty(i => i.InputTokens, outcome.InputTokens)
        .SetProperty(i => i.OutputTokens, outcome.OutputTokens)
        .SetProperty(i => i.CostUsd, outcome.CostUsd)
        .SetProperty(i => i.LatencyMs, outcome.LatencyMs)
        .SetProperty(i => i.StartedAt, i => i.StartedAt ?? now)
        .SetProperty(i => i.FinishedAt, now)
        .SetProperty(i => i.LeaseOwner, (string?)null)
        .SetProperty(i => i.LeaseExpiresAt, (DateTimeOffset?)null);

    /// <summary>Gives an unfinished item back (shutdown, or the gateway asked to come back later): claimable again after <paramref name="delay"/>.</summary>
    public async Task ReleaseAsync(Guid itemId, string leaseToken, TimeSpan delay)
    {
        DateTimeOffset? until = delay > TimeSpan.Zero ? time.GetUtcNow() + delay : null;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.BatchItems.Where(i => i.Id == itemId && i.LeaseOwner == leaseToken && i.Status == Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseOwner, (string?)null).SetProperty(i => i.LeaseExpiresAt, until), CancellationToken.None);
    }

    /// <summary>Completes a queued or running job once no item is pending; true for the one caller that did it.</summary>
    public async Task<bool> TryFinishAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.BatchItems.AnyAsync(i => i.JobId == jobId && i.Status == Pending, cancellationToken))
            return false;
        var now = time.GetUtcNow();
        var expires = now + options.Value.Retention;
        return await db.BatchJobs.Where(j => j.Id == jobId && (j.Status == Queued || j.Status == Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, Completed).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.ExpiresAt, expires), cancellationToken) == 1;
    }

    /// <summary>Deletes finished jobs past their retention with their items (inputs and results), audited as the system.</summary>
    public async Task<IReadOnlyList<ExpiredBatchJob>> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = await db.BatchJobs.AsNoTracking().Where(j => j.ExpiresAt != null && j.ExpiresAt < now)
            .Select(j => new ExpiredBatchJob(j.Id, j.PromptKey)).Take(100).ToListAsync(cancellationToken);
        foreach (var job in expired)
        {
            await db.BatchItems.Where(i => i.JobId == job.Id).ExecuteDeleteAsync(cancellationToken);
            await db.BatchJobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(cancellationToken);
            db.AuditEvents.Add(new AuditEvent(now, "system", BatchAuditActions.Expired, job.PromptKey, BatchAuditActions.Target(job.Id),
                $"Batch {job.Id} deleted with its inputs and results at the end of its retention period", null));
        }

        if (expired.Count > 0)
            await db.SaveChangesAsync(cancellationToken);
        return expired;
    }

    private static string? Cut(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
