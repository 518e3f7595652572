using Microsoft.EntityFrameworkCore;
using PromptConsole.Domain.Access;
using PromptConsole.Domain.Audit;
using PromptConsole.Domain.Common;
using PromptConsole.Web.Infrastructure.Access;
using PromptConsole.Web.Infrastructure.Persistence;

namespace PromptConsole.Web.Services.Access;

public sealed class ApiKeyService(IDbContextFactory<PromptConsoleDbContext> databases, ApiKeyDirectory directory, TimeProvider time) : IApiKeyService
{
    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return keys.OrderBy(k => k.RevokedAt is not null).ThenByDescending(k => k.CreatedAt).Select(View).ToArray();
    }

    public async Task<Result<CreatedApiKey>> CreateAsync(ApiKeyDraft draft, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var spec = ApiKeyDraftValidator.Validate(draft, now);
        if (!spec.IsSuccess)
            return spec.Error!;

        var token = ApiKeyToken.Generate();
        var row = new ApiKeyRow(Guid.CreateVersion7(now), spec.Value, token, actor, now);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(row);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.ApiKeyCreated, null, Target(row), $"API key '{row.Name}' ({token.Display}) created: {Describe(row)}", null));
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate();
        return new CreatedApiKey(View(row), token.Value);
    }

    public async Task<Result<ApiKeyView>> RevokeAsync(Guid id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (row is null)
            return new Error(ErrorKind.NotFound, "api-key-not-found", $"There is no API key '{id}'.");
        if (row.RevokedAt is not null)
            return View(row);

        var now = time.GetUtcNow();
        row.Revoke(actor, now);
        db.AuditEvents.Add(new AuditEvent(now, actor, AuditActions.ApiKeyRevoked, null, Target(row), $"API key '{row.Name}' revoked", null));
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate();
        return View(row);
    }

    private static string Target(ApiKeyRow row) => "api-key:" + row.Id;

    private static string Describe(ApiKeyRow row)
    {
        var parts = new List<string> { "scopes " + string.Join("+", ApiKeyScopeNames.Names(row.Scopes)) };
        if (row.Role is { } role)
            parts.Add("role " + ConsoleRoles.NameOf(role));
        if (row.Tenant is not null)
            parts.Add("tenant " + row.Tenant);
        return string.Join(", ", parts);
    }

    public static ApiKeyView View(ApiKeyRow row) => new(
        row.Id,
        row.Name,
        ApiKeyToken.Marker + row.Prefix,
        ApiKeyScopeNames.Names(row.Scopes),
        row.Tenant,
        row.Role,
        row.RequestsPerSecond,
        row.TokensPerMinute,
        row.MonthlyBudgetUsd,
        row.CreatedAt,
        row.CreatedBy,
        row.ExpiresAt,
        row.LastUsedAt,
        row.RevokedAt,
        row.RevokedBy);
}
