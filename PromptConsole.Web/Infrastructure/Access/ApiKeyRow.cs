using PromptConsole.Domain.Access;

namespace PromptConsole.Web.Infrastructure.Access;

/// <summary>
/// A stored API key: the prefix in clear (lookup and display) and the SHA-256 of the secret, never the secret.
/// Revoked keys stay for the audit trail and the usage history.
/// </summary>
public sealed class ApiKeyRow
{
    private ApiKeyRow()
    {
        Name = Prefix = SecretHash = CreatedBy = string.Empty;
    }

    public ApiKeyRow(Guid id, ApiKeySpec spec, ApiKeyToken token, string createdBy, DateTimeOffset now)
        : this()
    {
        Id = id;
        Name = spec.Name;
        Prefix = token.Prefix;
        SecretHash = token.SecretHash();
        Scopes = spec.Scopes;
        Tenant = spec.Tenant;
        Role = spec.Role;
        RequestsPerSecond = spec.RequestsPerSecond;
        TokensPerMinute = spec.TokensPerMinute;
        MonthlyBudgetUsd = spec.MonthlyBudgetUsd;
        ExpiresAt = spec.ExpiresAt;
        CreatedAt = now;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public string Prefix { get; private set; }

    public string SecretHash { get; private set; }

    public ApiKeyScopes Scopes { get; private set; }

    public string? Tenant { get; private set; }

    /// <summary>The role on the management API; only with the manage scope.</summary>
    public ConsoleRole? Role { get; private set; }

    public int? RequestsPerSecond { get; private set; }

    public int? TokensPerMinute { get; private set; }

    public decimal? MonthlyBudgetUsd { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    /// <summary>Updated at most about once a minute per instance, so a busy key costs no write per call.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public void Revoke(string actor, DateTimeOffset now)
    {
        RevokedAt = now;
        RevokedBy = actor;
    }
}
