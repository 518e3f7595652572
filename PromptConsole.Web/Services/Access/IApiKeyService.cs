using PromptConsole.Domain.Access;
using PromptConsole.Domain.Common;

namespace PromptConsole.Web.Services.Access;

/// <summary>An API key as listed: never its secret, only the prefix that tells keys apart.</summary>
public sealed record ApiKeyView(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    string? Tenant,
    ConsoleRole? Role,
    int? RequestsPerSecond,
    int? TokensPerMinute,
    decimal? MonthlyBudgetUsd,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedBy);

/// <summary>A key just created: the only time its secret is shown.</summary>
public sealed record CreatedApiKey(ApiKeyView Key, string Secret);

/// <summary>API keys for applications and automation. Creating and revoking are audited and reach every instance at once.</summary>
public interface IApiKeyService
{
    Task<IReadOnlyList<ApiKeyView>> ListAsync(CancellationToken cancellationToken);

    Task<Result<CreatedApiKey>> CreateAsync(ApiKeyDraft draft, string actor, CancellationToken cancellationToken);

    Task<Result<ApiKeyView>> RevokeAsync(Guid id, string actor, CancellationToken cancellationToken);
}
