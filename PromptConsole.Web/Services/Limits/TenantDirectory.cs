using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Limits;
using PromptConsole.Web.Configuration;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Limits;

/// <summary>
/// Every tenant's limits in memory, reloaded as a whole after a change on this instance, a change heard from
/// another (<see cref="ConfigurationChangeBus"/>: Redis, or the database version check), or after
/// <see cref="LimitsOptions.TenantCache"/>. A tenant that is not in the table has no limits. When the database is
/// away the last loaded limits stay in use.
/// </summary>
public sealed partial class TenantDirectory
{
    private readonly IDbContextFactory<PromptConsoleDbContext> _dbFactory;
    private readonly ILogger<TenantDirectory> _logger;
    private readonly ReloadableValue<FrozenDictionary<string, UsageLimits>> _limits;

    public TenantDirectory(
        IDbContextFactory<PromptConsoleDbContext> dbFactory,
        IOptions<LimitsOptions> options,
        TimeProvider time,
        ILogger<TenantDirectory> logger,
        ConfigurationChangeBus? bus = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dbFactory = dbFactory;
        _logger = logger;

        // Before the first read succeeds (the database away at start): no tenant limits.
        _limits = new ReloadableValue<FrozenDictionary<string, UsageLimits>>(
            ConfigurationChange.Tenants, ReadAsync, FrozenDictionary<string, UsageLimits>.Empty, options.Value.TenantCache, time, LogLoadFailed, bus);
    }

    public async ValueTask<UsageLimits> LimitsOfAsync(string tenant, CancellationToken cancellationToken)
    {
        var limits = await _limits.GetAsync(cancellationToken);
        return limits.GetValueOrDefault(tenant) ?? UsageLimits.None;
    }

    /// <summary>A tenant changed on this instance: drop the cache here and tell the other instances.</summary>
    public void Invalidate() => _limits.Invalidate();

    private async Task<FrozenDictionary<string, UsageLimits>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Tenants.AsNoTracking().ToListAsync(cancellationToken);
        return rows.ToFrozenDictionary(t => t.Name, t => t.Limits, StringComparer.Ordinal);
    }

    [LoggerMessage(EventId = 1260, Level = LogLevel.Warning, Message = "Loading the tenants' limits failed; the last loaded limits (if any) stay in use and loading is retried in a few seconds")]
    private partial void LogLoadFailed(Exception exception);
}
