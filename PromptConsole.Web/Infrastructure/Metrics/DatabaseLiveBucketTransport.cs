using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Metrics;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Metrics;

/// <summary>
/// Live seconds in the <c>LiveBuckets</c> table, for instances sharing a server database without Redis:
/// one row per instance, second and prompt. A publication replaces this instance's rows of the changed
/// seconds in one transaction; a read is one range query on the second.
/// </summary>
public sealed class DatabaseLiveBucketTransport(IDbContextFactory<PromptConsoleDbContext> dbFactory, TimeProvider time) : ILiveBucketTransport
{
    public string Name => "database";

    public async Task PublishAsync(string instance, IReadOnlyList<SecondSeries> seconds, CancellationToken cancellationToken)
    {
        if (seconds.Count == 0)
            return;
        var now = time.GetUtcNow();
        var numbers = seconds.Select(s => s.Second).ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LiveBuckets.Where(r => r.InstanceId == instance && numbers.Contains(r.Second)).ExecuteDeleteAsync(cancellationToken);
        foreach (var second in seconds)
        {
            foreach (var prompt in second.Series.GroupBy(s => s.Key.PromptKey, StringComparer.Ordinal))
            {
                db.LiveBuckets.Add(new LiveBucketRow
                {
                    InstanceId = instance,
                    Second = second.Second,
                    PromptKey = prompt.Key,
                    Payload = LiveSecondCodec.Encode(prompt),
                    UpdatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LiveSecondPayload>> ReadAsync(string exceptInstance, long fromSecond, long toSecond, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LiveBuckets.AsNoTracking()
            .Where(r => r.Second >= fromSecond && r.Second <= toSecond && r.InstanceId != exceptInstance)
            .Select(r => new LiveSecondPayload(r.InstanceId, r.Second, r.Payload))
            .ToListAsync(cancellationToken);
    }

    public async Task<int> PruneAsync(long beforeSecond, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LiveBuckets.Where(r => r.Second < beforeSecond).ExecuteDeleteAsync(cancellationToken);
    }
}
