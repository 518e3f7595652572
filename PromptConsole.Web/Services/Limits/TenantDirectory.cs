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
    private readonly IOptions<LimitsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ConfigurationChangeBus? _bus;
    private readonly ILogger<TenantDirectory> _logger;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _loaded;
    private long _invalidations;

    public TenantDirectory(
        IDbContextFactory<PromptConsoleDbContext> dbFactory,
        IOptions<LimitsOptions> options,
        TimeProvider time,
        ILogger<TenantDirectory> logger,
        ConfigurationChangeBus? bus = null)
    {
        _dbFactory = dbFactory;
        _options = options;
        _time = time;
        _logger = logger;
        _bus = bus;
        bus?.Subscribe(change =>
        {
            if (change.Scope is ConfigurationChangeScope.Tenants or ConfigurationChangeScope.Everything)
                Drop();
        });
    }

    public async ValueTask<UsageLimits> LimitsOfAsync(string tenant, CancellationToken cancellationToken)
    {
        var loaded = _loaded;
        if (loaded is null || _time.GetUtcNow() - loaded.At >= _options.Value.TenantCache)
            loaded = await LoadAsync(loaded, cancellationToken);
        return loaded.Limits.GetValueOrDefault(tenant) ?? UsageLimits.None;
    }

    /// <summary>A tenant changed on this instance: drop the cache here and tell the other instances.</summary>
    public void Invalidate()
    {
        Drop();
        _bus?.Publish(ConfigurationChange.Tenants);
    }

    private void Drop()
    {
        Interlocked.Increment(ref _invalidations);
        _loaded = null;
    }

    private async Task<Loaded> LoadAsync(Loaded? previous, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is { } current && _time.GetUtcNow() - current.At < _options.Value.TenantCache)
                return current;

            var invalidationsBefore = Interlocked.Read(ref _invalidations);
            var at = _time.GetUtcNow();
            FrozenDictionary<string, UsageLimits> limits;
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
                var rows = await db.Tenants.AsNoTracking().ToListAsync(cancellationToken);
                limits = rows.ToFrozenDictionary(t => t.Name, t => t.Limits, StringComparer.Ordinal);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The database is away: keep deciding on what was loaded last (nothing yet: no tenant limits) rather
                // than failing the request, and try again after a few seconds.
                LogLoadFailed(exception);
                limits = previous?.Limits ?? FrozenDictionary<string, UsageLimits>.Empty;
                at = _time.GetUtcNow() - _options.Value.TenantCache + RetryAfterFailure;
            }

            var loaded = new Loaded(limits, at);
            if (Interlocked.Read(ref _invalidations) == invalidationsBefore)
                _loaded = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Loaded(FrozenDictionary<string, UsageLimits> Limits, DateTimeOffset At);

    [LoggerMessage(EventId = 1260, Level = LogLevel.Warning, Message = "Loading the tenants' limits failed; the last loaded limits (if any) stay in use and loading is retried in a few seconds")]
    private partial void LogLoadFailed(Exception exception);
}
