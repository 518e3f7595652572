using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Infrastructure.Fleet;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// Finds the principal for a presented key. Every execution call passes through here, so a key is read from the
/// database at most once per <see cref="CacheLifetime"/> per instance and its principal is built once; creating or
/// revoking a key drops every instance's cache at once (the configuration change bus, with the database version
/// check behind it). Unknown prefixes are cached too, so garbage keys cannot make each call reach the database.
/// </summary>
public sealed partial class ApiKeyDirectory
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Last-used times are written at most this often per key and instance.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly IDbContextFactory<PromptConsoleDbContext> _databases;
    private readonly ConfigurationChangeBus _changes;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyDirectory> _logger;
    private readonly ConcurrentDictionary<string, CachedKey> _byPrefix = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastUsedWritten = new();

    public ApiKeyDirectory(IDbContextFactory<PromptConsoleDbContext> databases, ConfigurationChangeBus changes, TimeProvider time, ILogger<ApiKeyDirectory> logger)
    {
        _databases = databases;
        _changes = changes;
        _time = time;
        _logger = logger;
        changes.Subscribe(change =>
        {
            if (change.Scope is ConfigurationChangeScope.ApiKeys or ConfigurationChangeScope.Everything)
                _byPrefix.Clear();
        });
    }

    /// <summary>The key's principal, or null when the key is unknown, wrong, revoked or expired.</summary>
    public async ValueTask<ClaimsPrincipal?> AuthenticateAsync(ApiKeyToken token, string scheme, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!_byPrefix.TryGetValue(token.Prefix, out var cached) || now - cached.ReadAt > CacheLifetime)
        {
            cached = await ReadAsync(token.Prefix, scheme, now, cancellationToken);
            _byPrefix[token.Prefix] = cached;
        }

        if (cached.Key is not { } key || !token.Matches(key.SecretHash) || !key.IsUsableAt(now))
            return null;
        NoteUse(key.Id, now);
        return cached.Principal;
    }

    /// <summary>This instance's cache after a change made here; other instances hear it from the bus.</summary>
    public void Invalidate()
    {
        _byPrefix.Clear();
        _changes.Publish(ConfigurationChange.ApiKeys);
    }

    public static ClaimsPrincipal PrincipalFor(ApiKeyRow key, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new(ClaimTypes.Name, "key:" + key.Name),
            new(AccessClaims.KeyId, key.Id.ToString()),
            new(AccessClaims.KeyName, key.Name),
        };
        if (key.Tenant is { } tenant)
            claims.Add(new Claim(AccessClaims.Tenant, tenant));
        claims.AddRange(ApiKeyScopeNames.Names(key.Scopes).Select(scope => new Claim(AccessClaims.Scope, scope)));
        if (key.Scopes.HasFlag(ApiKeyScopes.Manage) && key.Role is { } role)
            claims.Add(new Claim(ClaimTypes.Role, ConsoleRoles.NameOf(role)));
        if (key.RequestsPerSecond is { } rps)
            claims.Add(new Claim(AccessClaims.RequestsPerSecond, rps.ToString(CultureInfo.InvariantCulture)));
        if (key.TokensPerMinute is { } tpm)
            claims.Add(new Claim(AccessClaims.TokensPerMinute, tpm.ToString(CultureInfo.InvariantCulture)));
        if (key.MonthlyBudgetUsd is { } budget)
            claims.Add(new Claim(AccessClaims.MonthlyBudgetUsd, budget.ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private async Task<CachedKey> ReadAsync(string prefix, string scheme, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        return new CachedKey(key, key is null ? null : PrincipalFor(key, scheme), now);
    }

    private void NoteUse(Guid keyId, DateTimeOffset now)
    {
        if (_lastUsedWritten.TryGetValue(keyId, out var written) && now - written < LastUsedResolution)
            return;
        _lastUsedWritten[keyId] = now;
        _ = WriteLastUsedAsync(keyId, now);
    }

    private async Task WriteLastUsedAsync(Guid keyId, DateTimeOffset now)
    {
        try
        {
            // A bulk update: it skips the change tracker, so it does not count as a configuration change.
            await using var db = await _databases.CreateDbContextAsync();
            await db.ApiKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now));
        }
        catch (Exception exception)
        {
            // Last-used is for people; a call must never fail or wait over it.
            LogLastUsedFailed(exception, keyId);
        }
    }

    private sealed record CachedKey(ApiKeyRow? Key, ClaimsPrincipal? Principal, DateTimeOffset ReadAt);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Writing the last-used time of API key {KeyId} failed")]
    private partial void LogLastUsedFailed(Exception exception, Guid keyId);
}
