using PromptConsole.Domain.Limits;

namespace PromptConsole.Tests.Domain.Limits;

public sealed class UsageLimitsValidatorTests
{
    public static TheoryData<string, int?, int?, decimal?, string[]> Cases => new()
    {
        { "no limits", null, null, null, [] },
        { "all limits", 10, 100_000, 25.5m, [] },
        { "a zero budget (no spend) is allowed", null, null, 0m, [] },
        { "six decimals", null, null, 0.000001m, [] },
        { "rps 0", 0, null, null, ["requestsPerSecond"] },
        { "negative rps", -1, null, null, ["requestsPerSecond"] },
        { "rps too large", UsageLimitsValidator.MaxRequestsPerSecond + 1, null, null, ["requestsPerSecond"] },
        { "tpm 0", null, 0, null, ["tokensPerMinute"] },
        { "negative budget", null, null, -0.01m, ["monthlyBudgetUsd"] },
        { "seven decimals", null, null, 0.0000001m, ["monthlyBudgetUsd"] },
        { "budget too large", null, null, UsageLimitsValidator.MaxMonthlyBudgetUsd + 1, ["monthlyBudgetUsd"] },
        { "every field at once", 0, 0, -1m, ["requestsPerSecond", "tokensPerMinute", "monthlyBudgetUsd"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Limits_are_checked_field_by_field(string name, int? rps, int? tpm, decimal? budget, string[] fields)
    {
        _ = name;
        var result = UsageLimitsValidator.Validate(new UsageLimits(rps, tpm, budget));
        Assert.Equal(fields.Length == 0, result.IsSuccess);
        Assert.Equal(fields, result.IsSuccess ? [] : result.Error!.FieldErrors.Select(f => f.Field).ToArray());
    }

    [Theory]
    [InlineData("acme", true)]
    [InlineData("team.eu-west_1", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/no", false)]
    [InlineData("é", false)]
    public void Tenant_names_are_url_safe(string name, bool valid)
    {
        Assert.Equal(valid, TenantName.IsValid(name));
    }

    [Fact]
    public void Tenant_names_are_at_most_100_characters()
    {
        Assert.True(TenantName.IsValid(new string('a', 100)));
        Assert.False(TenantName.IsValid(new string('a', 101)));
    }
}
