using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Caching;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Persistence;
using PromptConsole.Web.Infrastructure.Providers;

namespace PromptConsole.Web.Services.Caching;

/// <summary>
/// The semantic cache settings of raw conversations in force: what an operator saved (table
/// <c>ConversationCacheSettings</c>), else configuration (<see cref="ChatCompletionSemanticCacheOptions"/>). Held in
/// memory, so the request path reads a field; dropped after a change on this instance, a change heard from another
/// (<see cref="ConfigurationChangeBus"/>: Redis, or the database version check), and read again on the next request.
/// When the database is away the last settings read (at first configuration's) stay in use, retried after a few seconds.
/// </summary>
public sealed partial class ConversationCacheSettingsStore : IConversationCacheConsole
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private readonly IDbContextFactory<PromptConsoleDbContext> _dbFactory;
    private readonly IModelCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ConfigurationChangeBus? _bus;
    private readonly ILogger<ConversationCacheSettingsStore> _logger;
    private readonly ConversationCacheSettings _configured;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _loaded;
    private long _invalidations;

    public ConversationCacheSettingsStore(
        IDbContextFactory<PromptConsoleDbContext> dbFactory,
        IOptions<ExactCacheOptions> options,
        IModelCatalog catalog,
        TimeProvider time,
        ILogger<ConversationCacheSettingsStore> logger,
        ConfigurationChangeBus? bus = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dbFactory = dbFactory;
        _catalog = catalog;
        _time = time;
        _logger = logger;
        _bus = bus;

        // Validated at start (ChatCompletionSemanticCacheOptionsValidator), so an invalid section is never read here.
        _configured = options.Value.ChatCompletions.Semantic.ToSettings() is { IsSuccess: true } settings ? settings.Value : ConversationCacheSettings.Off;
        bus?.Subscribe(change =>
        {
            if (change.Scope is ConfigurationChangeScope.ConversationCache or ConfigurationChangeScope.Everything)
                Drop();
        });
    }

    /// <summary>The settings in force; synchronous (no allocation) once read.</summary>
    public ValueTask<ConversationCacheSettings> CurrentAsync(CancellationToken cancellationToken)
    {
        var loaded = _loaded;
        return loaded is not null && (loaded.RetryAt is not { } retryAt || _time.GetUtcNow() < retryAt)
            ? ValueTask.FromResult(loaded.Settings)
            : LoadAsync(cancellationToken);
    }

    /// <summary>
    /// Applies an operator's change to the settings in force, saves them with an audit event in one transaction (which
    /// bumps the configuration version), and tells the other instances.
    /// </summary>
    public async Task<Result<ConversationCacheSettings>> ConfigureAsync(ConversationSemanticCacheChange change, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ConversationCacheSettings.SingleOrDefaultAsync(s => s.Id == ConversationCacheSettingsRow.SingletonId, cancellationToken);
        var before = row?.ToSettings() ?? _configured;
        var applied = change.Apply(before, model => _catalog.Find(model) is not null);
        if (!applied.IsSuccess)
            return applied.Error!;

        var now = _time.GetUtcNow();
        if (row is null)
            db.ConversationCacheSettings.Add(new ConversationCacheSettingsRow(applied.Value, actor, now));
        else
            row.Apply(applied.Value, actor, now);
        db.AuditEvents.Add(new AuditEvent(
            now, actor, AuditActions.ConversationSemanticCacheConfigured, null, AuditTarget,
            $"{ConversationSemanticCacheChange.Describe(before)} → {ConversationSemanticCacheChange.Describe(applied.Value)}", null));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (row is null)
        {
            // Another operator saved the first row at the same moment: theirs stands, and this change is theirs to redo.
            return Error.Conflict("conversation-cache-changed", "The semantic cache settings of raw conversations were changed at the same time; reload and try again.");
        }

        Drop();
        _bus?.Publish(ConfigurationChange.ConversationCache);
        return applied.Value.WithSaved(now, actor);
    }

    /// <summary>The audit target of every change of these settings.</summary>
    public const string AuditTarget = "gateway:semantic-cache";

    private void Drop()
    {
        Interlocked.Increment(ref _invalidations);
        _loaded = null;
    }

    private async ValueTask<ConversationCacheSettings> LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is { RetryAt: null } current)
                return current.Settings;

            var invalidationsBefore = Interlocked.Read(ref _invalidations);
            Loaded loaded;
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
                var row = await db.ConversationCacheSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == ConversationCacheSettingsRow.SingletonId, cancellationToken);
                loaded = new Loaded(row?.ToSettings() ?? _configured, RetryAt: null);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The database is away: keep deciding on what was read last (at first configuration's) rather than
                // failing requests, and read again after a few seconds.
                LogLoadFailed(exception);
                loaded = new Loaded(_loaded?.Settings ?? _configured, _time.GetUtcNow() + RetryAfterFailure);
            }

            if (Interlocked.Read(ref _invalidations) == invalidationsBefore)
                _loaded = loaded;
            return loaded.Settings;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Loaded(ConversationCacheSettings Settings, DateTimeOffset? RetryAt);

    [LoggerMessage(EventId = 1265, Level = LogLevel.Warning, Message = "Loading the semantic cache settings of raw conversations failed; the last settings read stay in use and loading is retried in a few seconds")]
    private partial void LogLoadFailed(Exception exception);
}
