using System.Globalization;
using PromptConsole.Domain.Common;
using PromptConsole.Domain.Limits;

namespace PromptConsole.Domain.Access;

/// <summary>
/// A key to create: a name people recognise, its scopes, the tenant its calls are billed to, the role it
/// acts with on the management API (only with the manage scope), its own limits (null = none) and an
/// optional expiry.
/// </summary>
public sealed record ApiKeyDraft(
    string? Name,
    IReadOnlyList<string>? Scopes,
    string? Tenant,
    string? Role,
    int? RequestsPerSecond,
    int? TokensPerMinute,
    decimal? MonthlyBudgetUsd,
    DateTimeOffset? ExpiresAt);

/// <summary>The validated form of <see cref="ApiKeyDraft"/>.</summary>
public sealed record ApiKeySpec(
    string Name,
    ApiKeyScopes Scopes,
    string? Tenant,
    ConsoleRole? Role,
    int? RequestsPerSecond,
    int? TokensPerMinute,
    decimal? MonthlyBudgetUsd,
    DateTimeOffset? ExpiresAt);

public static class ApiKeyDraftValidator
{
    public const int MaxNameLength = 100;

    /// <summary>Checks every field and reports all offending ones at once; <paramref name="now"/> decides whether an expiry is in the past.</summary>
    public static Result<ApiKeySpec> Validate(ApiKeyDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<FieldError>();

        var name = draft.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > MaxNameLength)
            errors.Add(new FieldError("name", $"A name of 1–{MaxNameLength} characters is required."));

        var scopes = ApiKeyScopes.None;
        if (draft.Scopes is null || draft.Scopes.Count == 0)
            errors.Add(new FieldError("scopes", $"At least one scope is required: {string.Join(", ", ApiKeyScopeNames.All)}."));
        else
        {
            for (var i = 0; i < draft.Scopes.Count; i++)
            {
                var scope = ApiKeyScopeNames.Parse(draft.Scopes[i]);
                if (scope is null)
                    errors.Add(new FieldError($"scopes[{i}]", $"'{draft.Scopes[i]}' is not a scope; use {string.Join(", ", ApiKeyScopeNames.All)}."));
                else
                    scopes |= scope.Value;
            }
        }

        var tenant = string.IsNullOrWhiteSpace(draft.Tenant) ? null : draft.Tenant.Trim();
        if (tenant is not null && TenantName.Check(tenant, "tenant") is { } invalidTenant)
            errors.Add(invalidTenant);

        ConsoleRole? role = null;
        if (!string.IsNullOrWhiteSpace(draft.Role))
        {
            if (ConsoleRoles.TryParse(draft.Role, out var parsed))
                role = parsed;
            else
                errors.Add(new FieldError("role", $"'{draft.Role}' is not a role; use {string.Join(", ", ConsoleRoles.All)}."));
        }

        if (scopes.HasFlag(ApiKeyScopes.Manage))
            role ??= ConsoleRole.Operator;
        else if (role is not null)
            errors.Add(new FieldError("role", "A role only applies to keys with the manage scope."));

        if (draft.RequestsPerSecond is <= 0)
            errors.Add(new FieldError("requestsPerSecond", "Requests per second must be positive, or absent for no limit."));
        if (draft.TokensPerMinute is <= 0)
            errors.Add(new FieldError("tokensPerMinute", "Tokens per minute must be positive, or absent for no limit."));
        if (draft.MonthlyBudgetUsd is <= 0)
            errors.Add(new FieldError("monthlyBudgetUsd", "A monthly budget must be positive, or absent for no budget."));
        if (draft.ExpiresAt is { } expires && expires <= now)
            errors.Add(new FieldError("expiresAt", $"The expiry must be in the future (now is {now.ToString("u", CultureInfo.InvariantCulture)})."));

        if (errors.Count > 0)
            return Error.Validation("invalid-api-key", "The API key is not valid.", errors);
        return new ApiKeySpec(name, scopes, tenant, role, draft.RequestsPerSecond, draft.TokensPerMinute, draft.MonthlyBudgetUsd, draft.ExpiresAt);
    }
}
