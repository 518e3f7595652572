using PromptConsole.Domain.Access;

namespace PromptConsole.Tests.Domain.Access;

public sealed class ApiKeyDraftValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static ApiKeyDraft Draft(
        string? name = "billing-service",
        string[]? scopes = null,
        string? tenant = null,
        string? role = null,
        int? rps = null,
        int? tpm = null,
        decimal? budget = null,
        DateTimeOffset? expires = null) =>
        new(name, scopes ?? ["execute"], tenant, role, rps, tpm, budget, expires);

    [Fact]
    public void A_plain_execute_key_is_valid_with_no_role_and_no_limits()
    {
        var spec = ApiKeyDraftValidator.Validate(Draft(), Now);
        Assert.True(spec.IsSuccess);
        Assert.Equal(ApiKeyScopes.Execute, spec.Value.Scopes);
        Assert.Null(spec.Value.Role);
        Assert.Null(spec.Value.RequestsPerSecond);
    }

    [Fact]
    public void A_manage_key_acts_as_operator_unless_told()
    {
        Assert.Equal(ConsoleRole.Operator, ApiKeyDraftValidator.Validate(Draft(scopes: ["manage"]), Now).Value.Role);
        Assert.Equal(ConsoleRole.Admin, ApiKeyDraftValidator.Validate(Draft(scopes: ["manage", "execute"], role: "admin"), Now).Value.Role);
    }

    [Fact]
    public void Scopes_combine_and_tenant_and_limits_are_kept()
    {
        var spec = ApiKeyDraftValidator.Validate(Draft(scopes: ["execute", "EVALUATE"], tenant: " acme-eu ", rps: 5, tpm: 10_000, budget: 25.5m, expires: Now.AddDays(30)), Now).Value;
        Assert.Equal(ApiKeyScopes.Execute | ApiKeyScopes.Evaluate, spec.Scopes);
        Assert.Equal("acme-eu", spec.Tenant);
        Assert.Equal((5, 10_000, 25.5m), (spec.RequestsPerSecond!.Value, spec.TokensPerMinute!.Value, spec.MonthlyBudgetUsd!.Value));
    }

    public static TheoryData<string, ApiKeyDraft, string> Invalid => new()
    {
        { "no name", Draft(name: " "), "name" },
        { "name too long", Draft(name: new string('k', 101)), "name" },
        { "no scope", Draft(scopes: []), "scopes" },
        { "unknown scope", Draft(scopes: ["execute", "admin"]), "scopes[1]" },
        { "tenant with a space", Draft(tenant: "acme eu"), "tenant" },
        { "unknown role", Draft(scopes: ["manage"], role: "root"), "role" },
        { "role without manage", Draft(role: "Admin"), "role" },
        { "zero requests per second", Draft(rps: 0), "requestsPerSecond" },
        { "negative tokens per minute", Draft(tpm: -1), "tokensPerMinute" },
        { "zero budget", Draft(budget: 0m), "monthlyBudgetUsd" },
        { "expiry in the past", Draft(expires: Now.AddMinutes(-1)), "expiresAt" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_field_is_named(string because, ApiKeyDraft draft, string field)
    {
        var result = ApiKeyDraftValidator.Validate(draft, Now);
        Assert.False(result.IsSuccess, because);
        Assert.Equal("invalid-api-key", result.Error!.Code);
        Assert.Contains(result.Error.FieldErrors, f => f.Field == field);
    }

    [Fact]
    public void All_offending_fields_are_reported_at_once()
    {
        var result = ApiKeyDraftValidator.Validate(new ApiKeyDraft(null, null, "bad tenant", null, 0, 0, 0m, null), Now);
        Assert.Equal(["name", "scopes", "tenant", "requestsPerSecond", "tokensPerMinute", "monthlyBudgetUsd"], result.Error!.FieldErrors.Select(f => f.Field));
    }
}
