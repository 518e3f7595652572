using System.Text.Json;
using System.Text.Json.Serialization;
using PromptConsole.Domain.Access;
using PromptConsole.Web.Services.Access;

namespace PromptConsole.Web.Api;

/// <summary>
/// POST /api/v1/keys. <c>scopes</c>: execute, evaluate, manage; <c>role</c> (Viewer, Operator, Admin; default
/// Operator) only with manage; limits absent = none; <c>expiresAt</c> optional.
/// </summary>
public sealed record ApiKeyBody(
    string? Name,
    IReadOnlyList<string>? Scopes,
    string? Tenant,
    string? Role,
    int? RequestsPerSecond,
    int? TokensPerMinute,
    decimal? MonthlyBudgetUsd,
    DateTimeOffset? ExpiresAt)
{
    public ApiKeyDraft ToDraft() => new(Name, Scopes, Tenant, Role, RequestsPerSecond, TokensPerMinute, MonthlyBudgetUsd, ExpiresAt);
}

/// <summary>201 to POST /api/v1/keys: the key's view and, this once, the secret to give the application.</summary>
public sealed record CreatedApiKeyResponse(ApiKeyView Key, string Secret);

/// <summary>POST /api/v1/users.</summary>
public sealed record UserBody(string? Email, string? Password, string? Role);

/// <summary>PUT /api/v1/users/{id}/role.</summary>
public sealed record UserRoleBody(string? Role);

/// <summary>PUT /api/v1/users/{id}/password.</summary>
public sealed record UserPasswordBody(string? Password);

/// <summary>GET /api/v1/me: who the API sees, and what it may do.</summary>
public sealed record CallerView(string Name, ConsoleRole? Role, IReadOnlyList<string> Scopes, string? Tenant, string? KeyId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ApiKeyBody))]
[JsonSerializable(typeof(ApiKeyView))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyView>))]
[JsonSerializable(typeof(CreatedApiKeyResponse))]
[JsonSerializable(typeof(UserBody))]
[JsonSerializable(typeof(UserRoleBody))]
[JsonSerializable(typeof(UserPasswordBody))]
[JsonSerializable(typeof(ConsoleAccountView))]
[JsonSerializable(typeof(IReadOnlyList<ConsoleAccountView>))]
[JsonSerializable(typeof(CallerView))]
public sealed partial class AccessJsonContext : JsonSerializerContext;
