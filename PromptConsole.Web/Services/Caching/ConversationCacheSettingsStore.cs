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
/// memory (<see cref="ReloadableValue{T}"/>), so the request path reads a field; dropped after a change on this instance
/// or one heard from another, and read again on the next request. When the database is away the last settings read
/// (at first configuration's) stay in use, retried after a few seconds.
/// </summary>
public sealed partial class ConversationCacheSettingsStore : IConversationCacheConsole
{
    private readonly IDbContextFactory<PromptConsoleDbContext> _dbFactory;
    private readonly IModelCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversationCacheSettingsStore> _logger;
    private readonly ConversationCacheSettings _configured;
    private readonly ReloadableValue<ConversationCacheSettings> _settings;

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

        // Validated at start (ChatCompletionSemanticCacheOptionsValidator), so an invalid section is never read here.
        _configured = options.Value.ChatCompletions.Semantic.ToSettings() is { IsSuccess: true } settings ? settings.Value : ConversationCacheSettings.Off;
        _settings = new ReloadableValue<ConversationCacheSettings>(ConfigurationChange.ConversationCache, ReadAsync, _configured, maxAge: null, time, LogLoadFailed, bus);
    }

    /// <summary>The settings in force; synchronous (no allocation) once read.</summary>
    public ValueTask<ConversationCacheSettings> CurrentAsync(CancellationToken cancellationToken) => _settings.GetAsync(cancellationToken);

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

        _settings.Invalidate();
        return applied.Value.WithSaved(now, actor);
    }

    /// <summary>The audit target of every change of these settings.</summary>
    public const string AuditTarget = "gateway:semantic-cache";

    private async Task<ConversationCacheSettings> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ConversationCacheSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == ConversationCacheSettingsRow.SingletonId, cancellationToken);
        return row?.ToSettings() ?? _configured;
    }

    [LoggerMessage(EventId = 1265, Level = LogLevel.Warning, Message = "Loading the semantic cache settings of raw conversations failed; the last settings read stay in use and loading is retried in a few seconds")]
    private partial void LogLoadFailed(Exception exception);
}
