using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Limits;

/// <summary>
/// Writes the month ledger's waiting additions every <see cref="LimitsOptions.BudgetFlushInterval"/> (and once more
/// on shutdown), and deletes expired counters every <see cref="LimitsOptions.PruneInterval"/>. Every instance
/// prunes (the delete is idempotent and cheap); each tick's failure is logged and the next tick tries again.
/// </summary>
public sealed partial class UsageCounterMaintenance(
    MonthlyUsageLedger ledger,
    IDbContextFactory<PromptConsoleDbContext> dbFactory,
    IOptions<LimitsOptions> options,
    TimeProvider time,
    ILogger<UsageCounterMaintenance> logger) : BackgroundService
{
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BudgetFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ledger.FlushAsync(stoppingToken);
                if (time.GetUtcNow() - _lastPrune >= options.Value.PruneInterval)
                    await PruneAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ledger.FlushAsync(cancellationToken);
    }

    /// <summary>Deletes expired counters; public so tests can prune without waiting.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        _lastPrune = time.GetUtcNow();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            return await UsageCounterSql.PruneAsync(db.Database.GetDbConnection(), time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogPruneFailed(exception);
            return 0;
        }
    }

    [LoggerMessage(EventId = 1253, Level = LogLevel.Warning, Message = "Deleting expired usage counters failed; the next tick tries again")]
    private partial void LogPruneFailed(Exception exception);
}
